package dev.lockstep;

import static dev.lockstep.LockstepSettings.ON_FAILURE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a failure message claims about the database is true: "rolled back" only when PostgreSQL says the migration's
 * transaction aborted; a migration that committed inside itself is reported as having left changes; a failure after
 * migrations were applied says they stay. And the message names the migration's file or class.
 */
@PostgresTest
class RollbackTruthTest {
    private final TestDatabase db;
    @TempDir
    Path dir;

    RollbackTruthTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void aMigrationThatCommitsInsideItselfIsNotReportedAsRolledBack() {
        Migrations migrations = Migrations.standard(dir).add("V4__half.sql",
                "CREATE TABLE kept (id bigint); COMMIT; CREATE TABLE lost (id bigint); SELECT * FROM no_such_table;");

        assertThatThrownBy(migrations.lockstep(db).build()::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.report().failure().leftChanges()).isTrue();
                    assertThat(e.report().failure().version()).isEqualTo("4");
                })
                .hasMessageContaining("Migration V4 (half) failed: ERROR: relation \"no_such_table\" does not exist")
                .hasMessageContaining("Its file: V4__half.sql.")
                .hasMessageContaining("It committed part of its own work before it failed (a COMMIT inside the"
                        + " migration)")
                .hasMessageContaining("The database is not as it was before V4 (half).")
                .message().doesNotContain("rolled back: the database is as it was");
        assertThat(db.queryString("SELECT to_regclass('kept')::text")).as("before the COMMIT: stays").isEqualTo("kept");
        assertThat(db.queryString("SELECT to_regclass('lost')::text")).as("after the COMMIT: rolled back").isNull();
    }

    /** The GRANT a migration needs is named whatever its failure left: here, the half it committed stays. */
    @Test
    void aMigrationThatCommitsAndThenLacksAPrivilegeIsToldTheGrantAndWhatStays() throws SQLException {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE TABLE vault (secret text)"); // owned by the admin, not by the migrating user
        }
        migrations.add("V4__half.sql", "CREATE TABLE kept (id bigint); COMMIT; INSERT INTO vault VALUES ('x');");

        assertThatThrownBy(migrations.lockstep(db).build()::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class, CapturedLogs::record)
                .hasMessageContaining("permission denied for table vault (SQLSTATE 42501). Its file: V4__half.sql."
                        + " The database user lacks a privilege this migration needs: GRANT it")
                .hasMessageContaining("It committed part of its own work before it failed (a COMMIT inside the"
                        + " migration)");
        assertThat(db.queryString("SELECT to_regclass('kept')::text")).isEqualTo("kept");
    }

    @Test
    void aMigrationThatReallyRolledBackStillSaysSo() {
        Migrations migrations = Migrations.standard(dir).add("V4__whole.sql",
                "CREATE TABLE gone (id bigint); SELECT * FROM no_such_table;");

        assertThatThrownBy(migrations.lockstep(db).build()::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class,
                        e -> assertThat(e.report().failure().leftChanges()).isFalse())
                .hasMessageContaining("It ran in a transaction that was rolled back: the database is as it was before"
                        + " V4 (whole).");
        assertThat(db.queryString("SELECT to_regclass('gone')::text")).isNull();
    }

    @Test
    void aFailureAfterMigrationsWereAppliedListsWhatStays() {
        Migrations migrations = Migrations.standard(dir).add("V4__unlock.sql",
                "CREATE TABLE notes (id bigint); SELECT pg_advisory_unlock_all();");

        assertThatThrownBy(migrations.lockstep(db).build()::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.report().applied()).extracting(AppliedMigration::version)
                            .containsExactly("1", "2", "3", "4");
                })
                .hasMessageContaining("Flyway failed after applying V1, V2, V3, V4: Unable to release PostgreSQL"
                        + " advisory lock")
                .hasMessageContaining("Those migrations stay applied")
                .hasMessageContaining("pg_advisory_unlock_all()")
                .message().doesNotContain("before applying a migration");
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(4);
    }

    @Test
    void aFailedJavaMigrationNamesItsClass() {
        Migrations migrations = Migrations.standard(dir);
        assertThatThrownBy(migrations.lockstep(db).flyway(f -> f.javaMigrations(new V4__Backfill())).build()::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class, CapturedLogs::record)
                .hasMessageContaining("Migration V4 (Backfill) failed")
                .hasMessageContaining("Its class: " + V4__Backfill.class.getName() + ".");
    }

    /** A migration failing without a database error (a Java migration's own exception) has no SQLSTATE to show. */
    @Test
    void aJavaMigrationFailingOnItsOwnShowsNoSqlState() {
        Migrations migrations = Migrations.standard(dir);
        assertThatThrownBy(migrations.lockstep(db).flyway(f -> f.javaMigrations(new V4__Refuse())).build()::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.report().failure().sqlState()).isNull();
                    assertThat(e.report().failure().leftChanges()).isFalse();
                })
                .hasMessageContaining("Migration V4 (Refuse) failed: the backfill found no customers to copy.")
                .hasMessageContaining(". Its class: " + V4__Refuse.class.getName() + ". It ran in a transaction that"
                        + " was rolled back: the database is as it was before V4 (Refuse).")
                .message().doesNotContain("SQLSTATE");
    }

    @Test
    void onFailureRestoreUndoesWhatACommittedHalfLeft(@TempDir Path snapshots) {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        migrations.add("V4__half.sql", "CREATE TABLE kept (id bigint); COMMIT; SELECT * FROM no_such_table;");

        assertThatThrownBy(migrations.withSnapshots(db, snapshots).set(ON_FAILURE, OnFailure.RESTORE).build()::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.report().restored()).isTrue();
                })
                .hasMessageContaining("The failed migration left changes behind, so snapshot ")
                .message().doesNotContain("Nothing needed restoring");
        assertThat(db.queryString("SELECT to_regclass('kept')::text")).as("undone by the restore").isNull();
        assertThat(db.queryString("SELECT to_regclass('orders')::text")).isEqualTo("orders");
    }

    /** A Java migration that fails, as an application's would. */
    static final class V4__Backfill extends BaseJavaMigration {
        @Override
        public void migrate(Context context) throws Exception {
            try (var statement = context.getConnection().createStatement()) {
                statement.execute("UPDATE no_such_table SET x = 1");
            }
        }
    }

    /** A Java migration that gives up with an exception of its own, no SQL involved. */
    static final class V4__Refuse extends BaseJavaMigration {
        @Override
        public void migrate(Context context) {
            throw new IllegalStateException("the backfill found no customers to copy");
        }
    }
}
