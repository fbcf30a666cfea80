package dev.lockstep.benchmarks;

import dev.lockstep.Lockstep;
import dev.lockstep.MigrationReport;
import dev.lockstep.benchmarks.MigrationSets.MigrationSet;
import dev.lockstep.benchmarks.scenarios.PlanCost;
import dev.lockstep.embedded.EmbeddedDatabase;
import dev.lockstep.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;

/**
 * Measures Lockstep beside plain Flyway against a throwaway PostgreSQL and prints Markdown tables: (a) no-op
 * startup, (b) the status probe, (c) ten replicas starting at once, (d) point-read latency while a migration
 * waits for a table lock, (e) the snapshot before migrating against raw pg_dump of a generated database, (f) the
 * cost of lint and traced plan, and the real-world set's findings. A report, not a test: nothing here asserts on
 * time; each row states its target and whether this run met it.
 *
 * <pre>./mvnw -q -pl benchmarks -am compile exec:java [-Dexec.args="--quick"]</pre>
 */
public final class CoreBenchmark {
    private CoreBenchmark() {}

    /** A database already migrated to the end of {@code set}, for the sections that need nothing pending. */
    record UpToDate(MigrationSet set, EmbeddedDatabase db) {}

    public static void main(String[] args) throws Exception {
        Plan plan = Plan.parse(args);
        PrintStream out = System.out;
        long started = System.nanoTime();
        Path root = Files.createTempDirectory("lockstep-bench-");
        try {
            MigrationSet trivial = MigrationSets.trivial(root, 1000);
            MigrationSet realWorld = MigrationSets.realWorld(root);
            MigrationSet pointRead = MigrationSets.pointRead(root);
            EmbeddedPostgres server = EmbeddedPostgres.shared();

            List<UpToDate> upToDate = new ArrayList<>();
            if (plan.runs("a") || plan.runs("b")) {
                for (MigrationSet set : List.of(trivial, realWorld)) {
                    upToDate.add(prepare(server, set));
                }
            }
            if (upToDate.isEmpty()) {
                try (EmbeddedDatabase facts = server.createDatabase("bench_facts")) {
                    header(out, plan, facts);
                }
            } else {
                header(out, plan, upToDate.get(0).db());
            }
            if (plan.runs("a")) {
                new NoopStartup(plan, out).run(upToDate);
            }
            if (plan.runs("b")) {
                new StatusProbe(plan, out).run(upToDate);
            }
            if (plan.runs("c")) {
                new Concurrency(plan, out, server, realWorld, root).run();
            }
            if (plan.runs("d")) {
                new PointReads(plan, out, server, pointRead).run();
            }
            if (plan.runs("e")) {
                new SnapshotDumps(plan, out, server, root).run();
            }
            if (plan.runs("f")) {
                new PlanCost(plan.quick(), out, server, realWorld.directory()).run();
            }
            upToDate.forEach(database -> database.db().close());
            out.println();
            out.printf(Locale.ROOT, "Total wall time: %.0f s%n", (System.nanoTime() - started) / 1e9);
        } finally {
            deleteTree(root);
        }
    }

    /** A fresh database brought up to date by Lockstep, as the first deploy would (lockstep_runs exists then). */
    private static UpToDate prepare(EmbeddedPostgres server, MigrationSet set) {
        EmbeddedDatabase db = server.createDatabase("bench_noop");
        MigrationReport report = Lockstep.configure(db.dataSource()).flyway(f -> f.locations(set.location())).build()
                .migrate();
        Fixture.require(report.applied().size() == set.count(), "preparing " + set.name() + ": " + report.summary());
        return new UpToDate(set, db);
    }

    private static void header(PrintStream out, Plan plan, EmbeddedDatabase db) throws SQLException {
        out.println("# Lockstep core benchmark" + (plan.quick() ? " (--quick: indicative only)" : ""));
        out.println();
        Runtime runtime = Runtime.getRuntime();
        out.println("- date: " + ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        out.println("- machine: " + runtime.availableProcessors() + " cores, " + physicalMemory() + " RAM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + String.format(Locale.ROOT, ", load average %.2f at start",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        out.println("- Java: " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name")
                + "), max heap " + runtime.maxMemory() / (1024 * 1024) + " MiB");
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT version(), current_setting('fsync'),"
                        + " current_setting('shared_buffers'), current_setting('max_connections')")) {
            row.next();
            out.println("- PostgreSQL: " + row.getString(1) + " (local throwaway cluster, fsync=" + row.getString(2)
                    + ", shared_buffers=" + row.getString(3) + ", max_connections=" + row.getString(4) + ")");
            out.println("- Flyway " + flywayVersion() + ", " + connection.getMetaData().getDriverName() + " "
                    + connection.getMetaData().getDriverVersion() + ", HikariCP "
                    + version(com.zaxxer.hikari.HikariDataSource.class, "com.zaxxer", "HikariCP"));
        }
        out.println("- Lockstep: this working tree (dev.lockstep:lockstep-core); plan: " + plan.describe());
    }

    private static String physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return String.format(Locale.ROOT, "%.1f GiB", os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
        }
        return "unknown";
    }

    private static String flywayVersion() {
        return version(Flyway.class, "org.flywaydb", "flyway-core");
    }

    /** The version from the jar's Maven metadata, else its manifest. */
    private static String version(Class<?> type, String groupId, String artifactId) {
        String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null) {
                    return version;
                }
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String version = type.getPackage().getImplementationVersion();
        return version != null ? version : "unknown";
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
