package dev.lockstep.benchmarks.scenarios;

import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.Lockstep;
import dev.lockstep.MigrationReport;
import dev.lockstep.Outcome;
import dev.lockstep.benchmarks.harness.Fixture;
import dev.lockstep.benchmarks.harness.MigrationSet;
import dev.lockstep.benchmarks.harness.Plan;
import dev.lockstep.benchmarks.harness.Samples;
import dev.lockstep.benchmarks.harness.Table;
import dev.lockstep.benchmarks.harness.UpToDate;
import dev.lockstep.embedded.EmbeddedDatabase;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * A service restart with nothing pending, the most common startup of all. Each run builds everything
 * afresh, as a starting JVM would, and times {@code Lockstep...build().migrate()} against
 * {@code Flyway.configure()...load().migrate()} on the same database and the same kind of DataSource. The two
 * alternate, and which goes first alternates too, so drift and noise fall on both.
 */
public final class NoopStartup {
    static final double TARGET_RATIO = 1.10;

    private enum Source {
        /** A new HikariCP pool per run (created before the clock starts, closed after it stops). */
        POOL("new HikariCP pool per run"),
        /** The fixture's non-pooling PGSimpleDataSource: every getConnection() is a new session. */
        NON_POOLING("non-pooling PGSimpleDataSource");

        final String label;

        Source(String label) {
            this.label = label;
        }
    }

    private final Plan plan;
    private final PrintStream out;

    public NoopStartup(Plan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
    }

    public void run(List<UpToDate> databases) {
        out.println();
        out.println("## No-op startup (nothing pending): Lockstep build()+migrate() vs Flyway load()+migrate()");
        out.println();
        out.printf(Locale.ROOT, "%d warm-up + %d measured runs per row and tool, alternating; target: Lockstep/Flyway"
                + " median ≤ %.2f×%n%n", plan.warmup(), plan.runs(), TARGET_RATIO);
        Table table = new Table("migration set", "DataSource", "runs", "Lockstep median", "p90", "max",
                "Flyway median", "p90", "max", "ratio (medians)", "target", "result");
        for (UpToDate database : databases) {
            for (Source source : Source.values()) {
                Samples lockstep = new Samples();
                Samples flyway = new Samples();
                for (int i = -plan.warmup(); i < plan.runs(); i++) {
                    boolean lockstepFirst = Math.floorMod(i, 2) == 0;
                    for (int turn = 0; turn < 2; turn++) {
                        boolean isLockstep = (turn == 0) == lockstepFirst;
                        long nanos = once(database.db(), database.set(), source, isLockstep);
                        if (i >= 0) {
                            (isLockstep ? lockstep : flyway).add(nanos);
                        }
                    }
                }
                double ratio = (double) lockstep.median() / flyway.median();
                table.row(database.set().name(), source.label, lockstep.size(), Samples.ms(lockstep.median()),
                        Samples.ms(lockstep.p90()), Samples.ms(lockstep.max()), Samples.ms(flyway.median()),
                        Samples.ms(flyway.p90()), Samples.ms(flyway.max()), Samples.ratio(ratio),
                        "≤ " + Samples.ratio(TARGET_RATIO), Table.verdict(ratio <= TARGET_RATIO));
            }
        }
        table.print(out);
    }

    private long once(EmbeddedDatabase db, MigrationSet set, Source source, boolean lockstep) {
        Fixture.settle();
        HikariDataSource pool = source == Source.POOL ? Fixture.pool(db, "bench-noop", 5, 1) : null;
        try {
            DataSource dataSource = pool != null ? pool : db.dataSource();
            long start = System.nanoTime();
            if (lockstep) {
                MigrationReport report = Lockstep.configure(dataSource).flyway(f -> f.locations(set.location()))
                        .build().migrate();
                long nanos = System.nanoTime() - start;
                Fixture.require(report.outcome() == Outcome.UP_TO_DATE, "Lockstep found work to do: "
                        + report.summary());
                return nanos;
            }
            MigrateResult result = Flyway.configure().dataSource(dataSource).locations(set.location()).load().migrate();
            long nanos = System.nanoTime() - start;
            Fixture.require(result.migrationsExecuted == 0, "Flyway applied " + result.migrationsExecuted
                    + " migrations");
            return nanos;
        } finally {
            if (pool != null) {
                pool.close();
            }
        }
    }
}
