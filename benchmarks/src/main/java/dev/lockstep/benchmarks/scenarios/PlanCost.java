package dev.lockstep.benchmarks.scenarios;

import dev.lockstep.LintFinding;
import dev.lockstep.Lockstep;
import dev.lockstep.LockstepSettings;
import dev.lockstep.MigrationPlan;
import dev.lockstep.Views;
import dev.lockstep.embedded.EmbeddedDatabase;
import dev.lockstep.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What a plan costs, and what it says about a real service's migrations: the lint per pending migration (the startup
 * default, target ≤ 2 ms median), a traced plan of the real-world set against a database that already holds 300 other
 * tables (target ≤ 3 s, with the share of the scratch copy), and the findings of the real-world set planned from
 * empty and one migration at a time (each against the schema and rows its predecessors left). Needs only the core's
 * public API and a directory of the set's SQL files.
 */
public final class PlanCost {
    static final double LINT_TARGET_MILLIS = 2.0;
    static final double TRACE_TARGET_SECONDS = 3.0;
    static final int OTHER_TABLES = 300;

    private final boolean quick;
    private final PrintStream out;
    private final EmbeddedPostgres server;
    private final Path realWorld;

    /** @param realWorld the directory of the real-world set's {@code V###__name.sql} files */
    public PlanCost(boolean quick, PrintStream out, EmbeddedPostgres server, Path realWorld) {
        this.quick = quick;
        this.out = out;
        this.server = server;
        this.realWorld = realWorld;
    }

    public void run() throws SQLException, IOException {
        int count = scripts().size();
        out.printf(Locale.ROOT, "%n## Plan and lint%n%nThe real-world set (%d migrations), all pending; %s%n%n", count,
                quick ? "--quick: few runs, indicative only" : "medians of the measured runs");
        try (EmbeddedDatabase db = server.createDatabase("bench_plan")) {
            grantCreatedb(db);
            createOtherTables(db);
            Lockstep lockstep = lockstep(db, realWorld);
            lintCost(lockstep, count);
            tracedCost(lockstep, count);
            out.printf(Locale.ROOT, "%n### The real-world set planned from empty (traced)%n%n```%n%s```%n",
                    Views.text(lockstep.plan()));
        }
        oneAtATime();
    }

    /** {@code lint()} of the whole set, divided by its size; and one {@code lint()} with a single migration pending. */
    private void lintCost(Lockstep lockstep, int count) {
        int runs = quick ? 10 : 50;
        for (int i = 0; i < 5; i++) {
            lockstep.lint();
        }
        double[] perMigration = new double[runs];
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            MigrationPlan plan = lockstep.lint();
            perMigration[i] = (System.nanoTime() - started) / 1e6 / plan.migrations().size();
        }
        double median = median(perMigration);
        out.printf(Locale.ROOT, "| measure | runs | median | p90 | target | result |%n|---|---|---|---|---|---|%n");
        out.printf(Locale.ROOT, "| lint, per pending migration (`lint()` of %d, divided) | %d | %.2f ms | %.2f ms"
                + " | ≤ %.0f ms | %s |%n", count, runs, median, percentile(perMigration, 0.9), LINT_TARGET_MILLIS,
                median <= LINT_TARGET_MILLIS ? "met" : "MISSED");
    }

    /** {@code plan()} of the whole set, 300 other tables in the database; the scratch copy's share beside it. */
    private void tracedCost(Lockstep lockstep, int count) {
        int runs = quick ? 2 : 7;
        lockstep.plan();
        double[] totals = new double[runs];
        double[] copies = new double[runs];
        for (int i = 0; i < runs; i++) {
            MigrationPlan plan = lockstep.plan();
            if (!plan.traced()) {
                throw new IllegalStateException("the benchmark's plan was not traced: " + plan.notes());
            }
            totals[i] = plan.duration().toMillis() / 1000.0;
            copies[i] = plan.copyDuration().toMillis() / 1000.0;
        }
        double median = median(totals);
        out.printf(Locale.ROOT, "| traced plan of %d, %d other tables in the database (`plan()`) | %d | %.2f s |"
                + " %.2f s | ≤ %.0f s | %s |%n", count, OTHER_TABLES, runs, median, percentile(totals, 0.9),
                TRACE_TARGET_SECONDS, median <= TRACE_TARGET_SECONDS ? "met" : "MISSED");
        out.printf(Locale.ROOT, "| of which the scratch copy (CREATE DATABASE, pg_dump --schema-only into it) | %d"
                + " | %.2f s (%.0f %%) | %.2f s | | |%n", runs, median(copies), 100 * median(copies) / median,
                percentile(copies, 0.9));
    }

    /**
     * Each migration pending alone, against a database the set's earlier migrations brought up (their rows
     * included): how the set met production, one deploy at a time. Findings of every severity are listed.
     */
    private void oneAtATime() throws IOException, SQLException {
        List<Path> scripts = scripts();
        List<String> rows = new ArrayList<>();
        try (EmbeddedDatabase db = server.createDatabase("bench_plan_steps")) {
            grantCreatedb(db);
            Path directory = Files.createTempDirectory("lockstep-plan-steps-");
            try {
                for (Path script : scripts) {
                    Files.copy(script, directory.resolve(script.getFileName()));
                    Lockstep lockstep = lockstep(db, directory);
                    for (LintFinding finding : lockstep.plan().findings()) {
                        rows.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |", finding.migration(),
                                finding.rule(), finding.relation(), finding.severity(),
                                finding.message().replace("|", "\\|")));
                    }
                    lockstep.migrate();
                    try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
                        statement.execute("ANALYZE");
                    }
                }
            } finally {
                try (Stream<Path> files = Files.list(directory)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(directory);
            }
        }
        out.printf(Locale.ROOT, "%n### The real-world set, one migration at a time (traced)%n%n| migration | rule"
                + " | table | severity | message |%n|---|---|---|---|---|%n");
        rows.forEach(out::println);
    }

    private static Lockstep lockstep(EmbeddedDatabase db, Path directory) {
        return Lockstep.configure(db.dataSource()).flyway(f -> f.locations("filesystem:" + directory.toAbsolutePath()))
                .set(LockstepSettings.SNAPSHOT_ENABLED, false).build();
    }

    /** 300 tables the set does not touch, with a key, a foreign key, an index and a few rows each. */
    private static void createOtherTables(EmbeddedDatabase db) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA legacy");
            for (int i = 1; i <= OTHER_TABLES; i++) {
                String table = String.format(Locale.ROOT, "legacy.table_%03d", i);
                statement.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, parent_id bigint"
                        + (i > 1 ? " REFERENCES " + String.format(Locale.ROOT, "legacy.table_%03d", i - 1) : "")
                        + ", name text NOT NULL, amount numeric(12, 2), created_at timestamptz NOT NULL DEFAULT now())");
                statement.execute("CREATE INDEX ON " + table + " (created_at)");
                statement.execute("INSERT INTO " + table + " (id, name) SELECT g, 'row ' || g"
                        + " FROM generate_series(1, 20) AS g");
            }
            statement.execute("ANALYZE");
        }
    }

    private static void grantCreatedb(EmbeddedDatabase db) throws SQLException {
        try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER ROLE \"" + db.user() + "\" CREATEDB");
        }
    }

    private List<Path> scripts() throws IOException {
        try (Stream<Path> files = Files.list(realWorld)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".sql")).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static double median(double[] values) {
        return percentile(values, 0.5);
    }

    private static double percentile(double[] values, double fraction) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)];
    }
}
