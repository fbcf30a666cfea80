package dev.lockstep.benchmarks.scenarios;

import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.AppliedMigration;
import dev.lockstep.Lockstep;
import dev.lockstep.MigrationReport;
import dev.lockstep.Outcome;
import dev.lockstep.benchmarks.harness.Fixture;
import dev.lockstep.benchmarks.harness.MigrationSet;
import dev.lockstep.benchmarks.harness.Plan;
import dev.lockstep.benchmarks.harness.Samples;
import dev.lockstep.benchmarks.harness.Table;
import dev.lockstep.embedded.EmbeddedDatabase;
import dev.lockstep.embedded.EmbeddedPostgres;
import dev.lockstep.spi.MigrationListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * A first deploy: every migration of a set applied to an empty database, by plain Flyway, by plain Flyway with its
 * lock in session mode as Lockstep sets it ({@code postgresql.transactional.lock=false}, which makes Flyway use one
 * connection for everything), by Lockstep without a snapshot and by Lockstep with its default snapshot (pg_dump of
 * the empty database before migrating). Each run gets a fresh database and a fresh HikariCP pool made before the
 * clock starts, and builds its tool afresh as a starting service does; the four take turns, the first one rotating,
 * so drift falls on all. Besides the medians it prints the median of each round's own Lockstep/Flyway ratio, which a
 * busy machine disturbs less, and where Lockstep's time goes: before its lock, from the lock to the first migration
 * (the snapshot, with it), and after the last migration.
 */
public final class FreshApply {
    static final double TARGET_RATIO = 1.10;
    static final long SNAPSHOT_TARGET_MILLIS = 150;

    private enum Tool { FLYWAY, FLYWAY_SESSION_LOCK, LOCKSTEP, SNAPSHOT }

    /** One timed run: the whole of it, and Lockstep's stretches (zero for Flyway). */
    private record Run(long nanos, long beforeLock, long lockToFirstMigration, long afterLastMigration) {}

    private final Plan plan;
    private final PrintStream out;
    private final EmbeddedPostgres server;
    private final List<MigrationSet> sets;
    private final Path snapshots;

    public FreshApply(Plan plan, PrintStream out, EmbeddedPostgres server, List<MigrationSet> sets, Path scratch) {
        this.plan = plan;
        this.out = out;
        this.server = server;
        this.sets = sets;
        this.snapshots = scratch.resolve("fresh-apply-snapshots"); // this section's own: no other run writes there
    }

    public void run() {
        int warmup = 1;
        int runs = plan.rounds();
        out.printf(Locale.ROOT, "%n## Fresh apply: every migration on an empty database%n%n%d warm-up + %d measured"
                + " rounds, the four taking turns; targets: Lockstep without snapshot ≤ %.2f× plain Flyway, the"
                + " snapshot of the empty database ≤ %d ms%n%n", warmup, runs, TARGET_RATIO, SNAPSHOT_TARGET_MILLIS);
        Table table = new Table("migration set", "runs", "plain Flyway", "Flyway, session lock",
                "Lockstep, no snapshot", "ratio", "paired ratio", "paired, vs session lock", "added per migration",
                "Lockstep, default snapshot", "ratio", "snapshot", "result");
        Table stretches = new Table("migration set", "Lockstep: start to lock acquired",
                "lock to first migration", "last migration to return", "the rest: migrating");
        for (MigrationSet set : sets) {
            Map<Tool, Samples> totals = samples();
            Map<Tool, Samples> beforeLock = samples();
            Map<Tool, Samples> beforeFirst = samples();
            Map<Tool, Samples> afterLast = samples();
            Samples paired = new Samples();
            Samples pairedSession = new Samples();
            for (int i = -warmup; i < runs; i++) {
                Map<Tool, Run> round = new EnumMap<>(Tool.class);
                for (int turn = 0; turn < Tool.values().length; turn++) {
                    Tool tool = Tool.values()[Fixture.rotate(i, turn, Tool.values().length)];
                    round.put(tool, once(set, tool));
                }
                if (i >= 0) {
                    round.forEach((tool, run) -> {
                        totals.get(tool).add(run.nanos());
                        beforeLock.get(tool).add(run.beforeLock());
                        beforeFirst.get(tool).add(run.lockToFirstMigration());
                        afterLast.get(tool).add(run.afterLastMigration());
                    });
                    paired.add(1000 * round.get(Tool.LOCKSTEP).nanos() / round.get(Tool.FLYWAY).nanos());
                    pairedSession.add(1000 * round.get(Tool.LOCKSTEP).nanos()
                            / round.get(Tool.FLYWAY_SESSION_LOCK).nanos());
                }
            }
            long flyway = totals.get(Tool.FLYWAY).median();
            long lockstep = totals.get(Tool.LOCKSTEP).median();
            long withSnapshot = totals.get(Tool.SNAPSHOT).median();
            long snapshot = beforeFirst.get(Tool.SNAPSHOT).median() - beforeFirst.get(Tool.LOCKSTEP).median();
            double ratio = (double) lockstep / flyway;
            table.row(set.name(), runs, Samples.ms(flyway), Samples.ms(totals.get(Tool.FLYWAY_SESSION_LOCK).median()),
                    Samples.ms(lockstep), Samples.ratio(ratio), Samples.ratio(paired.median() / 1000.0),
                    Samples.ratio(pairedSession.median() / 1000.0), Samples.ms((lockstep - flyway) / set.count()),
                    Samples.ms(withSnapshot), Samples.ratio((double) withSnapshot / flyway), Samples.ms(snapshot),
                    Table.verdict(ratio <= TARGET_RATIO && snapshot <= SNAPSHOT_TARGET_MILLIS * 1_000_000));
            long before = beforeLock.get(Tool.LOCKSTEP).median();
            long first = beforeFirst.get(Tool.LOCKSTEP).median();
            long after = afterLast.get(Tool.LOCKSTEP).median();
            stretches.row(set.name(), Samples.ms(before), Samples.ms(first), Samples.ms(after),
                    Samples.ms(lockstep - before - first - after));
        }
        table.print(out);
        out.printf(Locale.ROOT, "%nPaired ratio: the median of each round's own Lockstep/Flyway ratio. Flyway,"
                + " session lock: plain Flyway with postgresql.transactional.lock=false, as Lockstep configures it."
                + " Snapshot: the median stretch from the lock acquired to the first migration with the default"
                + " snapshot, less the same without (preflight, pg_dump, pg_restore --list, SHA-256, manifest,"
                + " retention).%n%nWhere Lockstep's time goes without a snapshot (medians; the stretches are seen"
                + " through its listener, so the rest is Flyway applying the migrations and recording them):%n%n");
        stretches.print(out);
    }

    private static Map<Tool, Samples> samples() {
        Map<Tool, Samples> samples = new EnumMap<>(Tool.class);
        for (Tool tool : Tool.values()) {
            samples.put(tool, new Samples());
        }
        return samples;
    }

    private Run once(MigrationSet set, Tool tool) {
        Fixture.settle();
        try (EmbeddedDatabase db = server.createDatabase("bench_fresh");
                HikariDataSource pool = Fixture.pool(db, "bench-fresh", 5, 1)) {
            long start = System.nanoTime();
            if (tool == Tool.FLYWAY || tool == Tool.FLYWAY_SESSION_LOCK) {
                FluentConfiguration configuration = Flyway.configure().dataSource(pool).locations(set.location());
                boolean transactional = tool == Tool.FLYWAY;
                configuration.getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class)
                        .setTransactionalLock(transactional);
                Flyway flyway = configuration.load();
                flyway.getConfiguration().getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class)
                        .setTransactionalLock(transactional); // as the core does: load() may copy the plugin
                MigrateResult result = flyway.migrate();
                long nanos = System.nanoTime() - start;
                Fixture.require(result.migrationsExecuted == set.count(),
                        "Flyway applied " + result.migrationsExecuted);
                return new Run(nanos, 0, 0, 0);
            }
            long[] marks = new long[3];
            MigrationReport report = Lockstep.configure(pool).flyway(f -> f.locations(set.location()))
                    .properties(Map.of("snapshot.enabled", Boolean.toString(tool == Tool.SNAPSHOT),
                            "snapshot.directory", snapshots.toString()))
                    .listener(new MigrationListener() {
                        @Override
                        public void lockAcquired(Duration waited) {
                            marks[0] = System.nanoTime();
                        }

                        @Override
                        public void migrationStarting(String version, String description) {
                            if (marks[1] == 0) {
                                marks[1] = System.nanoTime();
                            }
                        }

                        @Override
                        public void migrationApplied(AppliedMigration migration) {
                            marks[2] = System.nanoTime();
                        }
                    })
                    .build().migrate();
            long end = System.nanoTime();
            Fixture.require(report.outcome() == Outcome.MIGRATED && report.applied().size() == set.count()
                    && (tool == Tool.SNAPSHOT) == (report.snapshot() != null), "Lockstep: " + report.summary());
            return new Run(end - start, marks[0] - start, marks[1] - marks[0], end - marks[2]);
        }
    }
}
