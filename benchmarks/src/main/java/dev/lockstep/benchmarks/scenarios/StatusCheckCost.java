package dev.lockstep.benchmarks.scenarios;

import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.Lockstep;
import dev.lockstep.SchemaState;
import dev.lockstep.SchemaStatus;
import dev.lockstep.benchmarks.harness.Fixture;
import dev.lockstep.benchmarks.harness.Plan;
import dev.lockstep.benchmarks.harness.Samples;
import dev.lockstep.benchmarks.harness.Table;
import dev.lockstep.benchmarks.harness.UpToDate;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * What a health check costs. One Lockstep instance (after its startup run) and one Flyway instance are
 * kept, as an application keeps them, on one shared HikariCP pool, and called in turn: {@code lockstep.status()}
 * against {@code flyway.info()}, the call a Flyway-only health check would make.
 */
public final class StatusCheckCost {
    static final long TARGET_MEDIAN_NANOS = 2_000_000;
    static final double TARGET_SPEEDUP = 20;

    private final Plan plan;
    private final PrintStream out;

    public StatusCheckCost(Plan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
    }

    public void run(List<UpToDate> databases) {
        out.println();
        out.println("## Status probe: lockstep.status() vs flyway.info() (instances reused, one HikariCP pool)");
        out.println();
        out.printf(Locale.ROOT, "%d warm-up + %d measured calls per tool, alternating; targets: Lockstep median ≤ %s"
                + " and ≥ %.0f× faster than info()%n%n", plan.probeCalls() / 5, plan.probeCalls(),
                Samples.ms(TARGET_MEDIAN_NANOS), TARGET_SPEEDUP);
        Table table = new Table("migration set", "calls", "status() median", "p90", "max", "info() median", "p90",
                "max", "speed-up (medians)", "floor: pool + SELECT 1", "target", "result");
        for (UpToDate database : databases) {
            try (HikariDataSource pool = Fixture.pool(database.db(), "bench-probe", 4, 2)) {
                Lockstep lockstep = Lockstep.configure(pool).flyway(f -> f.locations(database.set().location()))
                        .build();
                lockstep.migrate(); // the application's startup run: resolves the migrations once
                Flyway flyway = Flyway.configure().dataSource(pool).locations(database.set().location()).load();
                Samples status = new Samples();
                Samples info = new Samples();
                Samples floor = new Samples();
                for (int i = -plan.probeCalls() / 5; i < plan.probeCalls(); i++) {
                    boolean lockstepFirst = Math.floorMod(i, 2) == 0;
                    long floorNanos = roundTrip(pool);
                    if (i >= 0) {
                        floor.add(floorNanos);
                    }
                    for (int turn = 0; turn < 2; turn++) {
                        boolean isLockstep = (turn == 0) == lockstepFirst;
                        long start = System.nanoTime();
                        if (isLockstep) {
                            SchemaStatus now = lockstep.status();
                            long nanos = System.nanoTime() - start;
                            Fixture.require(now.state() == SchemaState.UP_TO_DATE, "status " + now.state()
                                    + ": " + now.message());
                            if (i >= 0) {
                                status.add(nanos);
                            }
                        } else {
                            MigrationInfoService now = flyway.info();
                            long nanos = System.nanoTime() - start;
                            Fixture.require(now.pending().length == 0, "info() shows pending migrations");
                            if (i >= 0) {
                                info.add(nanos);
                            }
                        }
                    }
                }
                double speedup = (double) info.median() / status.median();
                boolean fast = status.median() <= TARGET_MEDIAN_NANOS;
                table.row(database.set().name(), status.size(), Samples.ms(status.median()), Samples.ms(status.p90()),
                        Samples.ms(status.max()), Samples.ms(info.median()), Samples.ms(info.p90()),
                        Samples.ms(info.max()), Samples.ratio(speedup), Samples.ms(floor.median()),
                        "median ≤ " + Samples.ms(TARGET_MEDIAN_NANOS) + ", ≥ " + Samples.ratio(TARGET_SPEEDUP),
                        verdict(fast, speedup >= TARGET_SPEEDUP));
            }
        }
        table.print(out);
        out.println();
        out.println("Floor: borrowing a connection from the same pool and running SELECT 1, the least any probe that"
                + " asks the database can cost.");
    }

    private static String verdict(boolean fast, boolean faster) {
        List<String> missed = new ArrayList<>();
        if (!fast) {
            missed.add("median");
        }
        if (!faster) {
            missed.add("speed-up");
        }
        return missed.isEmpty() ? "met" : "MISSED (" + String.join(", ", missed) + ")";
    }

    private static long roundTrip(DataSource pool) {
        long start = System.nanoTime();
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT 1")) {
            row.next();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return System.nanoTime() - start;
    }
}
