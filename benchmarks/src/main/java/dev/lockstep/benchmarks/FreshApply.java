package dev.lockstep.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.Lockstep;
import dev.lockstep.MigrationReport;
import dev.lockstep.Outcome;
import dev.lockstep.benchmarks.MigrationSets.MigrationSet;
import dev.lockstep.spi.MigrationListener;
import dev.lockstep.embedded.EmbeddedPostgres;
import dev.lockstep.embedded.EmbeddedDatabase;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * A first deploy: every migration of a set applied to an empty database, by plain Flyway, by plain Flyway with its
 * lock in session mode as Lockstep sets it ({@code postgresql.transactional.lock=false}, which makes Flyway use one
 * connection for everything), by Lockstep without a snapshot and by Lockstep with its default snapshot (pg_dump of
 * the empty database before migrating). Each run
 * gets a fresh database and a fresh HikariCP pool made before the clock starts, and builds its tool afresh as a
 * starting service does; the four take turns, the first one rotating, so drift falls on all. Besides the medians it
 * prints the median of each round's own Lockstep/Flyway ratio, which a busy machine disturbs less, and the snapshot's
 * cost: the stretch from the lock acquired to the first migration, with the snapshot less without.
 *
 * <pre>./mvnw -q -pl benchmarks -am compile exec:java -Dexec.mainClass=dev.lockstep.benchmarks.FreshApply
 *     [-Dexec.args="--runs=7 --warmup=1"]</pre>
 */
public final class FreshApply {
    static final double TARGET_RATIO = 1.10;
    static final long SNAPSHOT_TARGET_MILLIS = 150;

    private enum Tool { FLYWAY, FLYWAY_SESSION_LOCK, LOCKSTEP, SNAPSHOT }

    /** One timed run: the whole of it, and from the lock acquired to the first migration (Lockstep only). */
    private record Run(long nanos, long lockToFirstMigration) {}

    private FreshApply() {}

    public static void main(String[] args) throws IOException {
        int runs = intArgument(args, "--runs=", 7);
        int warmup = intArgument(args, "--warmup=", 1);
        PrintStream out = System.out;
        Path root = Files.createTempDirectory("lockstep-fresh-");
        try {
            EmbeddedPostgres server = EmbeddedPostgres.shared();
            List<MigrationSet> sets = List.of(MigrationSets.realWorld(root), MigrationSets.realWorldCopies(root, 317),
                    MigrationSets.trivial(root, 317));
            out.printf(Locale.ROOT, "## Fresh apply: every migration on an empty database%n%n%d warm-up + %d measured"
                    + " rounds, the four taking turns; targets: Lockstep without snapshot ≤ %.2f× plain Flyway, the"
                    + " snapshot of the empty database ≤ %d ms%n%n", warmup, runs, TARGET_RATIO, SNAPSHOT_TARGET_MILLIS);
            Table table = new Table("migration set", "runs", "plain Flyway", "Flyway, session lock",
                    "Lockstep, no snapshot", "ratio", "paired ratio", "paired, vs session lock", "added per migration",
                    "Lockstep, default snapshot", "ratio", "snapshot", "result");
            for (MigrationSet set : sets) {
                Map<Tool, Samples> totals = new EnumMap<>(Tool.class);
                Map<Tool, Samples> beforeFirst = new EnumMap<>(Tool.class);
                for (Tool tool : Tool.values()) {
                    totals.put(tool, new Samples());
                    beforeFirst.put(tool, new Samples());
                }
                Samples pairedPermille = new Samples();
                Samples pairedSessionPermille = new Samples();
                for (int i = -warmup; i < runs; i++) {
                    Map<Tool, Run> round = new EnumMap<>(Tool.class);
                    for (int turn = 0; turn < Tool.values().length; turn++) {
                        Tool tool = Tool.values()[Math.floorMod(i + turn, Tool.values().length)];
                        round.put(tool, once(server, set, tool, root));
                    }
                    if (i >= 0) {
                        round.forEach((tool, run) -> {
                            totals.get(tool).add(run.nanos());
                            beforeFirst.get(tool).add(run.lockToFirstMigration());
                        });
                        pairedPermille.add(1000 * round.get(Tool.LOCKSTEP).nanos() / round.get(Tool.FLYWAY).nanos());
                        pairedSessionPermille.add(1000 * round.get(Tool.LOCKSTEP).nanos()
                                / round.get(Tool.FLYWAY_SESSION_LOCK).nanos());
                    }
                }
                long flyway = totals.get(Tool.FLYWAY).median();
                long lockstep = totals.get(Tool.LOCKSTEP).median();
                long withSnapshot = totals.get(Tool.SNAPSHOT).median();
                long snapshot = beforeFirst.get(Tool.SNAPSHOT).median() - beforeFirst.get(Tool.LOCKSTEP).median();
                double ratio = (double) lockstep / flyway;
                table.row(set.name(), runs, Samples.ms(flyway), Samples.ms(totals.get(Tool.FLYWAY_SESSION_LOCK).median()),
                        Samples.ms(lockstep), Samples.ratio(ratio), Samples.ratio(pairedPermille.median() / 1000.0),
                        Samples.ratio(pairedSessionPermille.median() / 1000.0), Samples.ms((lockstep - flyway) / set.count()),
                        Samples.ms(withSnapshot), Samples.ratio((double) withSnapshot / flyway), Samples.ms(snapshot),
                        Table.verdict(ratio <= TARGET_RATIO && snapshot <= SNAPSHOT_TARGET_MILLIS * 1_000_000));
            }
            table.print(out);
            out.printf(Locale.ROOT, "%nPaired ratio: the median of each round's own Lockstep/Flyway ratio. Flyway,"
                    + " session lock: plain Flyway with postgresql.transactional.lock=false, as Lockstep configures it.");
            out.printf(Locale.ROOT, "%nSnapshot: the median stretch from the lock acquired to the first migration with"
                    + " the default snapshot, less the same without (preflight, pg_dump, pg_restore --list, SHA-256,"
                    + " manifest, retention).%n");
        } finally {
            deleteTree(root);
        }
    }

    private static Run once(EmbeddedPostgres server, MigrationSet set, Tool tool, Path root) {
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
                Fixture.require(result.migrationsExecuted == set.count(), "Flyway applied " + result.migrationsExecuted);
                return new Run(nanos, 0);
            }
            long[] marks = new long[2];
            MigrationReport report = Lockstep.configure(pool).flyway(f -> f.locations(set.location()))
                    .properties(Map.of("snapshot.enabled", Boolean.toString(tool == Tool.SNAPSHOT),
                            "snapshot.directory", root.resolve("snapshots").toString()))
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
                    })
                    .build().migrate();
            long nanos = System.nanoTime() - start;
            Fixture.require(report.outcome() == Outcome.MIGRATED && report.applied().size() == set.count()
                    && (tool == Tool.SNAPSHOT) == (report.snapshot() != null), "Lockstep: " + report.summary());
            return new Run(nanos, marks[1] - marks[0]);
        }
    }

    private static int intArgument(String[] args, String name, int fallback) {
        for (String arg : args) {
            for (String word : arg.trim().split("\\s+")) {
                if (word.startsWith(name)) {
                    return Integer.parseInt(word.substring(name.length()));
                }
            }
        }
        return fallback;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
