package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.spi.MigrationListener;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import dev.lockstep.testsupport.TestLogs;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run history, {@code lockstep_runs}: a run that migrates writes its row RUNNING before the first migration (so a
 * run whose instance dies leaves a trace), marks the RUNNING rows of dead instances ABANDONED, and finishes its row at
 * the end. It is bookkeeping: a table in a newer format is left alone, and a row that cannot be written never stops
 * a run. (A real instance killed mid-run is MultiProcessTest's.)
 */
@PostgresTest
class RunHistoryTest {
    private final TestDatabase db;
    @TempDir
    Path dir;
    @RegisterExtension
    final TestLogs logs = new TestLogs();
    private Migrations migrations;

    RunHistoryTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void migratedOnce() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        migrations = Migrations.standard(dir);
        migrations.lockstep(db).instanceName("first").build().migrate();
        migrations.add("V4__invoices.sql", "CREATE TABLE invoices (id bigint PRIMARY KEY);");
    }

    @Test
    void theRowSaysRunningWhileMigratingAndIsFinishedAfter() {
        List<String> whileMigrating = new CopyOnWriteArrayList<>();
        MigrationReport report = migrations.lockstep(db).instanceName("second").appVersion("2.0")
                .listener(new MigrationListener() {
                    @Override
                    public void migrationStarting(String version, String description) {
                        whileMigrating.addAll(db.queryColumn("SELECT instance || ' ' || app_version || ' ' || outcome"
                                + " || ' ' || from_version || ' ' || (finished_at IS NULL) FROM lockstep_runs"
                                + " WHERE instance = 'second'"));
                    }
                }).build().migrate();

        assertThat(whileMigrating).containsExactly("second 2.0 RUNNING 3 true");
        assertThat(db.queryString("SELECT outcome || ' ' || to_version || ' ' || applied || ' ' || (finished_at IS NOT"
                + " NULL) || ' ' || (error IS NULL) || ' ' || (findings IS NULL) FROM lockstep_runs WHERE id = "
                + report.runId())).isEqualTo("MIGRATED 4 1 true true true");
        assertThat(logs.containing("ABANDONED")).as("no earlier run was left RUNNING").isEmpty();
    }

    @Test
    void theFirstRunOnAnEmptySchemaCreatesTheTableAndRecordsItself() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");

        MigrationReport report = migrations.lockstep(db).instanceName("fresh").build().migrate();

        assertThat(report.runId()).isNotNull();
        assertThat(db.queryString("SELECT instance || ' ' || outcome || ' ' || applied FROM lockstep_runs"))
                .isEqualTo("fresh MIGRATED 4");
        assertThat(db.queryString("SELECT obj_description('lockstep_runs'::regclass, 'pg_class')"))
                .isEqualTo("lockstep_runs format 2");
    }

    /** A table of the current format is written, not altered: a user who may write its rows need not own it. */
    @Test
    void aUserWhoMayWriteButNotAlterTheCurrentTableRecordsItsRun() {
        try (Roles app = Roles.create(db, "writes_runs")) {
            app.admin("GRANT CREATE ON SCHEMA public TO " + app.name,
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON flyway_schema_history, lockstep_runs TO " + app.name,
                    "GRANT SELECT, REFERENCES ON customers, orders TO " + app.name);

            MigrationReport report = Lockstep.configure(app.dataSource()).flyway(f -> f.locations(migrations.location()))
                    .set(LockstepSettings.SNAPSHOT_ENABLED, false).instanceName("not-owner").build().migrate();

            assertThat(report.runId()).isNotNull();
            assertThat(db.queryString("SELECT instance || ' ' || outcome || ' ' || to_version FROM lockstep_runs"
                    + " WHERE id = " + report.runId())).isEqualTo("not-owner MIGRATED 4");
            assertThat(logs.containing("could not record the run")).isEmpty();
        }
    }

    @Test
    void aRunLeftRunningByADeadInstanceIsMarkedAbandonedByTheNextRunThatMigrates() {
        db.execute("INSERT INTO lockstep_runs (instance, started_at, outcome) VALUES ('killed', now(), 'RUNNING')");

        migrations.lockstep(db).instanceName("next").build().migrate();

        assertThat(db.queryString("SELECT outcome || ' ' || (finished_at IS NOT NULL) || ' ' || error FROM lockstep_runs"
                + " WHERE instance = 'killed'")).isEqualTo("ABANDONED true the instance stopped before its run finished"
                + " (killed or lost its connection)");
        assertThat(db.queryColumn("SELECT outcome FROM lockstep_runs ORDER BY id"))
                .containsExactly("MIGRATED", "ABANDONED", "MIGRATED");
        assertThat(logs.containing("marked 1 earlier run(s) ABANDONED: their instance stopped while migrating"))
                .hasSize(1);
    }

    @Test
    void aTableInANewerFormatIsLeftAlone() {
        db.execute("COMMENT ON TABLE lockstep_runs IS 'lockstep_runs format 3'"); // this Lockstep writes format 2

        MigrationReport report = migrations.lockstep(db).build().migrate();

        assertThat(report.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(report.runId()).isNull();
        assertThat(db.queryLong("SELECT count(*) FROM lockstep_runs")).isEqualTo(1);
    }

    @Test
    void aTableOfTheSameFormatOrWithoutOneIsUsed() {
        db.execute("COMMENT ON TABLE lockstep_runs IS 'lockstep_runs format 1'");
        assertThat(migrations.lockstep(db).build().migrate().runId()).isNotNull();

        db.execute("COMMENT ON TABLE lockstep_runs IS NULL");
        migrations.add("V5__credit_notes.sql", "CREATE TABLE credit_notes (id bigint PRIMARY KEY);");
        assertThat(migrations.lockstep(db).build().migrate().runId()).isNotNull();
        assertThat(db.queryLong("SELECT count(*) FROM lockstep_runs")).isEqualTo(3);
    }

    /** A comment someone else wrote on the table is no format: it is taken as format 1, upgraded and used. */
    @Test
    void aTableWithAForeignCommentIsUpgradedAndUsed() {
        db.execute("COMMENT ON TABLE lockstep_runs IS 'audit trail, kept 90 days'");

        assertThat(migrations.lockstep(db).build().migrate().runId()).isNotNull();
        assertThat(db.queryString("SELECT obj_description('lockstep_runs'::regclass, 'pg_class')"))
                .isEqualTo("lockstep_runs format 2");
    }

    @Test
    void aRowThatCannotBeFinishedIsLoggedAndTheRunGoesOn() {
        db.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN RAISE EXCEPTION 'lockstep_runs is read-only here'; END $$",
                "CREATE TRIGGER read_only BEFORE UPDATE ON lockstep_runs FOR EACH ROW EXECUTE FUNCTION refuse()");

        MigrationReport report = migrations.lockstep(db).build().migrate();

        assertThat(report.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(report.applied()).extracting(AppliedMigration::version).containsExactly("4");
        assertThat(logs.containing("could not record the run in lockstep_runs")).singleElement().asString()
                .contains("lockstep_runs is read-only here");
    }

    @Test
    void flywaysHistoryTableCannotBeCalledLikeOurs() {
        assertThatThrownBy(() -> Lockstep.configure(db.dataSource()).flyway(f -> f.table("LOCKSTEP_RUNS")).build())
                .hasMessageContaining("Flyway's history table must not be called lockstep_runs");
    }
}
