package dev.lockstep;

import static dev.lockstep.LockstepSettings.MIGRATION_STATEMENT_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@PostgresTest
class FailingMigrationTest {
    private final TestDatabase db;
    @TempDir
    Path dir;

    FailingMigrationTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void aMigrationThatMeetsAReadOnlyTransactionIsToldWhereToPointTheDatasource() {
        Lockstep lockstep = Migrations.standard(dir).add("V4__notes.sql",
                "SET TRANSACTION READ ONLY; CREATE TABLE notes (id bigint);").lockstep(db).build();

        assertThatThrownBy(lockstep::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.report().failure().sqlState()).isEqualTo("25006");
                })
                .hasMessageContaining("Migration V4 (notes) failed: ERROR: cannot execute CREATE TABLE in a read-only"
                        + " transaction")
                .hasMessageContaining("The database is read-only (or a standby): point the datasource at the primary,"
                        + " or turn default_transaction_read_only off for this user (ALTER ROLE <user> RESET"
                        + " default_transaction_read_only).");
        assertThat(db.queryString("SELECT to_regclass('notes')::text")).isNull();
    }

    @Test
    void aFailedMigrationIsReportedWithVersionAndSqlStateAndRolledBackUntilTheFileIsFixed() {
        Migrations migrations = Migrations.standard(dir)
                .add("V4__loyalty.sql", "CREATE TABLE loyalty (id bigint PRIMARY KEY);"
                        + " ALTER TABLE customers ADD COLUMN tier text REFERENCES no_such_table (id);");
        Lockstep lockstep = migrations.lockstep(db).build();

        assertThatThrownBy(lockstep::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_FAILED);
                    assertThat(e.report().outcome()).isEqualTo(Outcome.FAILED);
                    assertThat(e.report().applied()).extracting(AppliedMigration::version).containsExactly("1", "2", "3");
                    assertThat(e.report().failure().version()).isEqualTo("4");
                    assertThat(e.report().failure().sqlState()).isEqualTo("42P01");
                    assertThat(e.report().failure().leftChanges()).isFalse();
                })
                .hasMessageContaining("Migration V4 (loyalty) failed: ERROR: relation \"no_such_table\" does not exist")
                .hasMessageContaining("(SQLSTATE 42P01)")
                .hasMessageContaining("the database is as it was before V4 (loyalty). Fix the migration and start again.");

        SchemaStatus status = lockstep.status();
        assertThat(status.state()).isEqualTo(SchemaState.FAILED);
        assertThat(status.health()).isEqualTo(Health.DOWN);
        assertThat(status.failed().version()).isEqualTo("4");
        assertThat(status.failed().sqlState()).isEqualTo("42P01");
        assertThat(status.currentVersion()).isEqualTo("3");
        assertThat(db.queryString("SELECT to_regclass('loyalty')::text")).as("V4's first statement rolled back").isNull();
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history")).isEqualTo(3);
        assertThat(db.queryString("SELECT outcome || ' ' || to_version FROM lockstep_runs")).isEqualTo("FAILED 3");
        assertThat(db.queryString("SELECT error FROM lockstep_runs")).contains("V4 (loyalty) failed");

        migrations.add("V4__loyalty.sql", "CREATE TABLE loyalty (id bigint PRIMARY KEY);"
                + " ALTER TABLE customers ADD COLUMN tier text;");
        Lockstep fixed = migrations.lockstep(db).build();
        MigrationReport report = fixed.migrate();
        assertThat(report.applied()).extracting(AppliedMigration::version).containsExactly("4");
        assertThat(fixed.status().state()).isEqualTo(SchemaState.UP_TO_DATE);
    }

    @Test
    void aFailedMigrationOutsideATransactionSaysItsChangesStay() {
        Migrations migrations = Migrations.in(dir)
                .add("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY, email text);"
                        + " INSERT INTO customers VALUES (1, 'a@example.com'), (2, 'a@example.com');")
                .add("V2__unique_email.sql", "CREATE TABLE audit (id bigint);"
                        + " CREATE UNIQUE INDEX CONCURRENTLY customers_email ON customers (email);")
                .add("V2__unique_email.sql.conf", "executeInTransaction=false\n");
        Lockstep lockstep = migrations.lockstep(db).build();

        assertThatThrownBy(lockstep::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.report().failure().sqlState()).isEqualTo("23505");
                    assertThat(e.report().failure().leftChanges()).isTrue();
                })
                .hasMessageContaining("Migration V2 (unique email) failed")
                .hasMessageContaining("It ran outside a transaction, so its partial changes stay");
        assertThat(db.queryString("SELECT to_regclass('audit')::text")).isEqualTo("audit");

        // The next start refuses to go on until the failed row is repaired.
        assertThatThrownBy(migrations.lockstep(db).build()::migrate)
                .isInstanceOfSatisfying(LockstepException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.code()).isEqualTo(ErrorCode.FAILED_MIGRATION_IN_HISTORY);
                })
                .hasMessageContaining("Flyway recorded V2 as failed")
                .hasMessageContaining("flyway repair");
        assertThat(migrations.lockstep(db).build().status().state()).isEqualTo(SchemaState.FAILED);
    }

    /** A statement cancelled by migration.statement-timeout names that setting; without the setting, no such hint. */
    @Test
    void aMigrationPastTheStatementTimeoutNamesTheSettingToRaise() {
        Migrations migrations = Migrations.standard(dir).add("V4__slow.sql", "SELECT pg_sleep(5);");

        assertThatThrownBy(migrations.lockstep(db).set(MIGRATION_STATEMENT_TIMEOUT, Duration.ofMillis(300)).build()::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.report().failure().sqlState()).isEqualTo("57014");
                })
                .hasMessageContaining("Migration V4 (slow) failed: ERROR: canceling statement due to statement timeout"
                        + " (SQLSTATE 57014). Its file: V4__slow.sql. It ran longer than migration.statement-timeout=300ms;"
                        + " raise it for this migration. It ran in a transaction that was rolled back");
    }

    @Test
    void aFailedRepeatableMigrationIsNamedByItsDescription() {
        Migrations migrations = Migrations.standard(dir).add("R__customer_view.sql",
                "CREATE VIEW customer_view AS SELECT * FROM no_such_table;");

        assertThatThrownBy(migrations.lockstep(db).build()::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.report().failure().version()).isNull();
                    assertThat(e.report().failure().description()).isEqualTo("customer view");
                    assertThat(e.report().applied()).extracting(AppliedMigration::version).containsExactly("1", "2", "3");
                    assertThat(e.report().toVersion()).isEqualTo("3");
                })
                .hasMessageContaining("Migration repeatable migration 'customer view' failed: ERROR: relation"
                        + " \"no_such_table\" does not exist")
                .hasMessageNotContaining("statement-timeout");
    }

    /**
     * A migration denied a privilege is told which GRANT it needs, whether it ran in a transaction (rolled back) or
     * outside one (its changes stay).
     */
    @Test
    void aMigrationWithoutAPrivilegeIsToldToGrantIt() throws Exception {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE TABLE vault (secret text)"); // owned by the admin, not by the migrating user
        }
        migrations.add("V4__vault.sql", "INSERT INTO vault VALUES ('x');");
        String hint = " The database user lacks a privilege this migration needs: GRANT it (for objects in a schema:"
                + " GRANT CREATE ON SCHEMA <schema> TO <user>), or run the migrations as the owner of the objects they"
                + " change.";

        assertThatThrownBy(migrations.lockstep(db).build()::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class, CapturedLogs::record)
                .hasMessageContaining("Migration V4 (vault) failed: ERROR: permission denied for table vault"
                        + " (SQLSTATE 42501). Its file: V4__vault.sql." + hint + " It ran in a transaction that was"
                        + " rolled back");

        migrations.add("V4__vault.sql.conf", "executeInTransaction=false\n");
        assertThatThrownBy(migrations.lockstep(db).build()::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class, CapturedLogs::record)
                .hasMessageContaining("(SQLSTATE 42501). Its file: V4__vault.sql." + hint + " It ran outside a"
                        + " transaction, so its partial changes stay");
    }

    /** Flyway failing before the first migration (its beforeMigrate callback) says nothing was applied. */
    @Test
    void flywayFailingBeforeAnyMigrationSaysSo() {
        Migrations migrations = Migrations.standard(dir).add("beforeMigrate.sql", "SELECT 1 / 0;");

        assertThatThrownBy(migrations.lockstep(db).build()::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_FAILED);
                    assertThat(e.report().applied()).isEmpty();
                    assertThat(e.report().failure()).isNull();
                })
                .hasMessageContaining("Flyway failed before applying a migration: ")
                .hasMessageContaining("division by zero")
                .message().doesNotContain("after applying");
    }

    /**
     * Flyway failing after migrations were applied (its afterMigrate callback) lists them, a versioned one as its
     * version and a repeatable one by its description, and says they stay.
     */
    @Test
    void flywayFailingAfterMigrationsListsThoseThatStay() {
        Migrations migrations = Migrations.standard(dir)
                .add("R__customer_names.sql", "CREATE OR REPLACE VIEW customer_names AS SELECT name FROM customers;")
                .add("afterMigrate.sql", "SELECT 1 / 0;");

        assertThatThrownBy(migrations.lockstep(db).build()::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_FAILED);
                    assertThat(e.report().applied()).hasSize(4);
                })
                .hasMessageContaining("Flyway failed after applying V1, V2, V3, 'customer names': ")
                .hasMessageContaining("division by zero")
                .hasMessageContaining(". Those migrations stay applied (Flyway recorded each as it committed).")
                .message().doesNotContain("before applying");
    }
}
