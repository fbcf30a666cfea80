package dev.lockstep;

import static dev.lockstep.LockstepSettings.LINT_LARGE_TABLE_ROWS;
import static dev.lockstep.LockstepSettings.LINT_POLICY;
import static dev.lockstep.LockstepSettings.LINT_RULES;
import static dev.lockstep.LockstepSettings.LINT_TRACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import dev.lockstep.testsupport.TestLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The startup run's lint ({@code lint.policy}): {@code fail} refuses before the snapshot and any migration, naming
 * what to do; a {@code -- lockstep:allow} comment lets a finding through and is recorded; {@code warn} migrates and
 * records the findings in the report, the run history and the status.
 */
@PostgresTest
class LintPolicyTest {
    private static final String REWRITE = "ALTER TABLE orders ALTER COLUMN status TYPE integer USING 0;\n";

    private final TestDatabase db;
    @RegisterExtension
    final TestLogs logs = new TestLogs();
    @TempDir
    Path dir;
    @TempDir
    Path snapshots;
    private Migrations migrations;

    LintPolicyTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void populatedOrdersAtV1() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        migrations = Migrations.in(dir).add("V1__orders.sql", """
                CREATE TABLE orders (id bigint PRIMARY KEY, status varchar(20) NOT NULL);
                INSERT INTO orders SELECT g, 'new' FROM generate_series(1, 3000) g;
                """);
        migrations.lockstep(db).build().migrate();
        db.execute("ANALYZE orders");
    }

    @Test
    void failRefusesBeforeTheSnapshotAndAnyMigrationNamingTheWayOut() throws IOException {
        migrations.add("V2__status_integer.sql", "-- the status becomes a code\n" + REWRITE);

        LockstepException refused = catchThrowableOfType(() -> lockstep(LintPolicy.FAIL).migrate(),
                LockstepException.class);

        assertThat(refused.code()).isEqualTo(ErrorCode.LINT_FAILED);
        assertThat(refused.getMessage()).endsWith("lint.policy=fail refused to migrate: 1 ERROR finding(s) in the"
                + " pending migrations. V2 (V2__status_integer.sql line 2): rewrite-under-exclusive-lock on orders (3000"
                + " rows): ALTER COLUMN status TYPE integer (was character varying(20)) rewrites orders under ACCESS"
                + " EXCLUSIVE: reads and writes wait for the whole rewrite. Instead: add a new column, backfill it in"
                + " batches, switch the application to it in a later release. Nothing was changed: no snapshot was"
                + " taken and no migration applied. Fix the migration; or, if it is safe here, say why in the script"
                + " with -- lockstep:allow rewrite-under-exclusive-lock <reason>; or set"
                + " lint.rules.rewrite-under-exclusive-lock=warn (or lint.policy=warn).");
        assertThat(db.queryString("SELECT max(version) FROM flyway_schema_history")).isEqualTo("1");
        assertThat(db.queryString("SELECT data_type FROM information_schema.columns WHERE table_name = 'orders'"
                + " AND column_name = 'status'")).isEqualTo("character varying");
        try (Stream<Path> files = Files.list(snapshots)) {
            assertThat(files).isEmpty();
        }
        assertThat(lockstep(LintPolicy.FAIL).status().state()).isEqualTo(SchemaState.PENDING);
    }

    @Test
    void aSuppressionCommentLetsTheFindingThroughAndIsRecorded() {
        migrations.add("V2__status_integer.sql", "-- lockstep:allow rewrite-under-exclusive-lock orders holds 30 rows"
                + " in production\n" + REWRITE);

        MigrationReport report = lockstep(LintPolicy.FAIL).migrate();

        assertThat(report.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(report.snapshot()).isNotNull();
        LintFinding allowed = report.findings().get(0);
        assertThat(allowed.suppressed()).isTrue();
        assertThat(allowed.suppressionReason()).isEqualTo("orders holds 30 rows in production");
        assertThat(allowed.severity()).isEqualTo(Severity.ERROR);
        assertThat(lockstep(LintPolicy.FAIL).recentRuns(1).get(0).findings()).containsExactly(allowed);
        assertThat(logs.containing("lint, allowed (orders holds 30 rows in production): V2 ERROR"
                + " rewrite-under-exclusive-lock orders: ALTER COLUMN status")).singleElement()
                .satisfies(line -> assertThat(line).startsWith("DEBUG"));
    }

    @Test
    void aSuppressionWithoutAReasonAllowsNothing() {
        migrations.add("V2__status_integer.sql", "-- lockstep:allow rewrite-under-exclusive-lock\n" + REWRITE);

        LockstepException refused = catchThrowableOfType(() -> lockstep(LintPolicy.FAIL).migrate(),
                LockstepException.class);

        assertThat(refused.code()).isEqualTo(ErrorCode.LINT_FAILED);
        assertThat(lockstep(LintPolicy.FAIL).lint().migrations().get(0).notes()).containsExactly("-- lockstep:allow"
                + " rewrite-under-exclusive-lock gives no reason, so it allows nothing: write why the finding is safe"
                + " here after the rule's id");
    }

    @Test
    void aFindingOnNoOneTableIsNamedWithoutOne() {
        migrations.add("V2__vacuum.sql", "VACUUM FULL;\n");

        LockstepException refused = catchThrowableOfType(() -> builder(LintPolicy.FAIL)
                .set(LINT_RULES, Map.of("vacuum-full", RuleLevel.ERROR)).build().migrate(), LockstepException.class);

        assertThat(refused.code()).isEqualTo(ErrorCode.LINT_FAILED);
        assertThat(refused.getMessage()).contains("1 ERROR finding(s) in the pending migrations. V2 (V2__vacuum.sql"
                + " line 1): vacuum-full: VACUUM FULL without a table rewrites every table of the database, each under"
                + " ACCESS EXCLUSIVE. Instead: ");
        assertThat(logs.containing("lint: V2 ERROR vacuum-full: VACUUM FULL without a table")).singleElement()
                .satisfies(line -> assertThat(line).startsWith("WARN"));
    }

    @Test
    void aFindingOnATableBelowTheLargeTableRowsIsInformationAndBlocksNothing() {
        migrations.add("V2__status_integer.sql", REWRITE);

        MigrationReport report = builder(LintPolicy.FAIL).set(LINT_LARGE_TABLE_ROWS, 1_000_000L).build().migrate();

        assertThat(report.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(report.findings()).extracting(LintFinding::severity).containsExactly(Severity.INFO);
        assertThat(logs.containing("lint: V2 INFO rewrite-under-exclusive-lock orders: ALTER COLUMN status"))
                .singleElement().satisfies(line -> assertThat(line).startsWith("DEBUG"));
    }

    /** A table never vacuumed nor analyzed has no row estimate: the refusal names it without a row count. */
    @Test
    void aBlockingFindingOnATableWithoutARowEstimateNamesNoRowCount() {
        db.execute("CREATE TABLE events (id bigint, kind varchar(20)) WITH (autovacuum_enabled = false)",
                "INSERT INTO events SELECT g, 'new' FROM generate_series(1, 100) g");
        migrations.add("V2__kind_integer.sql", "ALTER TABLE events ALTER COLUMN kind TYPE integer USING 0;\n");

        LockstepException refused = catchThrowableOfType(() -> builder(LintPolicy.FAIL)
                .set(LINT_RULES, Map.of("rewrite-under-exclusive-lock", RuleLevel.ERROR)).build().migrate(),
                LockstepException.class);

        assertThat(refused.code()).isEqualTo(ErrorCode.LINT_FAILED);
        assertThat(refused.getMessage()).contains("V2 (V2__kind_integer.sql line 1): rewrite-under-exclusive-lock on"
                + " events: ALTER COLUMN kind TYPE integer").doesNotContain("rows)");
    }

    /** A finding only the trace saw (the rewrite hides in a DO block) has no line to name. */
    @Test
    void aBlockingFindingOnlyTheTraceSawNamesNoLine() throws SQLException {
        try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER ROLE \"" + db.user() + "\" CREATEDB");
        }
        migrations.add("V2__status_integer.sql", "DO $$ BEGIN EXECUTE 'ALTER TABLE orders ALTER COLUMN status TYPE"
                + " integer USING 0'; END $$;\n");

        LockstepException refused = catchThrowableOfType(() -> builder(LintPolicy.FAIL).set(LINT_TRACE, true).build()
                .migrate(), LockstepException.class);

        assertThat(refused.code()).isEqualTo(ErrorCode.LINT_FAILED);
        assertThat(refused.getMessage()).contains("V2 (V2__status_integer.sql): rewrite-under-exclusive-lock on orders"
                + " (3000 rows): orders was rewritten (the trace saw its file replaced)");
        assertThat(db.queryString("SELECT data_type FROM information_schema.columns WHERE table_name = 'orders'"
                + " AND column_name = 'status'")).isEqualTo("character varying");
    }

    @Test
    void aRuleTurnedDownToWarnNoLongerBlocks() {
        migrations.add("V2__status_integer.sql", REWRITE);

        MigrationReport report = builder(LintPolicy.FAIL)
                .set(LINT_RULES, Map.of("rewrite-under-exclusive-lock", RuleLevel.WARN)).build().migrate();

        assertThat(report.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(report.findings()).extracting(LintFinding::severity).containsExactly(Severity.WARN);
    }

    @Test
    void warnMigratesAndRecordsTheFindingsInReportHistoryAndStatus() {
        migrations.add("V2__status_integer.sql", REWRITE)
                .add("V3__status_index.sql", "CREATE INDEX orders_status_idx ON orders (status);");
        int before = CapturedLogs.lines().size();
        Lockstep lockstep = lockstep(LintPolicy.WARN);

        MigrationReport report = lockstep.migrate();

        assertThat(report.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(report.findings()).extracting(LintFinding::migration, LintFinding::rule, LintFinding::relation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("V2", "rewrite-under-exclusive-lock", "orders"),
                        org.assertj.core.groups.Tuple.tuple("V3", "index-without-concurrently", "orders"));
        RunSummary run = lockstep.recentRuns(1).get(0);
        assertThat(run.findings()).isEqualTo(report.findings());
        SchemaStatus status = lockstep.status();
        assertThat(status.lastRun().findings()).isEqualTo(report.findings());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> shown = (List<Map<String, Object>>) ((Map<String, Object>) Views.status(status)
                .get("lastRun")).get("findings");
        assertThat(shown).extracting(view -> view.get("rule"))
                .containsExactly("rewrite-under-exclusive-lock", "index-without-concurrently");
        assertThat(Views.report(report).get("findings")).isEqualTo(shown);
        assertThat(CapturedLogs.lines().subList(before, CapturedLogs.lines().size()))
                .anyMatch(line -> line.startsWith("WARN") && line.contains("lint: V2 ERROR rewrite-under-exclusive-lock"
                        + " orders: ALTER COLUMN status TYPE integer"));
    }

    @Test
    void offDoesNotLint() {
        migrations.add("V2__status_integer.sql", REWRITE);

        assertThat(lockstep(LintPolicy.OFF).migrate().findings()).isEmpty();
    }

    /** With {@code lint.trace=true} the startup run's lint is a traced plan: its findings were seen happen. */
    @Test
    void traceAtStartupObservesTheFindings() throws SQLException {
        try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER ROLE \"" + db.user() + "\" CREATEDB");
        }
        migrations.add("V2__status_integer.sql", REWRITE);

        MigrationReport report = builder(LintPolicy.WARN).set(LINT_TRACE, true).build().migrate();

        assertThat(report.findings()).singleElement().satisfies(finding -> assertThat(finding.observed()).isTrue());
        assertThat(db.queryLong("SELECT count(*) FROM pg_database WHERE datname LIKE 'lockstep\\_plan\\_%'")).isZero();
    }

    @Test
    void aTraceThatCannotBeMadeIsWarnedAboutAndTheRunGoesOn() throws SQLException {
        try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER ROLE \"" + db.user() + "\" NOCREATEDB");
        }
        migrations.add("V2__status_integer.sql", REWRITE);

        MigrationReport report = builder(LintPolicy.WARN).set(LINT_TRACE, true).build().migrate();

        assertThat(report.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(report.findings()).singleElement().satisfies(finding -> assertThat(finding.observed()).isFalse());
        assertThat(logs.containing("lint.trace=true, but ")).isNotEmpty().allMatch(line -> line.startsWith("WARN"));
    }

    /**
     * A run history written by a Lockstep that did not record findings (format 1) is upgraded in place by the next
     * run that writes it; its rows stay readable.
     */
    @Test
    void aFormatOneRunHistoryIsUpgradedAndKeepsItsRows() {
        db.execute("DROP TABLE lockstep_runs", "CREATE TABLE lockstep_runs (id bigint GENERATED ALWAYS AS IDENTITY"
                + " PRIMARY KEY, instance text NOT NULL, host text, app_version text, started_at timestamptz NOT NULL,"
                + " finished_at timestamptz, outcome text NOT NULL, from_version text, to_version text, applied integer"
                + " NOT NULL DEFAULT 0, snapshot_id text, lock_wait_ms bigint NOT NULL DEFAULT 0, error text)",
                "COMMENT ON TABLE lockstep_runs IS 'lockstep_runs format 1'",
                "INSERT INTO lockstep_runs (instance, started_at, finished_at, outcome, to_version, applied)"
                        + " VALUES ('old:1', now(), now(), 'MIGRATED', '1', 1)");
        Lockstep lockstep = lockstep(LintPolicy.WARN);
        assertThat(lockstep.recentRuns(5)).singleElement().satisfies(old -> assertThat(old.findings()).isEmpty());
        migrations.add("V2__status_integer.sql", REWRITE);

        lockstep.migrate();

        assertThat(db.queryString("SELECT obj_description('lockstep_runs'::regclass, 'pg_class')"))
                .isEqualTo("lockstep_runs format 2");
        List<RunSummary> runs = lockstep.recentRuns(5);
        assertThat(runs).extracting(RunSummary::instance).endsWith("old:1");
        assertThat(runs.get(0).findings()).extracting(LintFinding::rule).containsExactly("rewrite-under-exclusive-lock");
        assertThat(runs.get(1).findings()).isEmpty();
    }

    private Lockstep.Builder builder(LintPolicy policy) {
        return migrations.withSnapshots(db, snapshots).set(LINT_POLICY, policy).set(LINT_LARGE_TABLE_ROWS, 1000L);
    }

    private Lockstep lockstep(LintPolicy policy) {
        return builder(policy).build();
    }
}
