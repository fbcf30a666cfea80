package dev.lockstep;

import static dev.lockstep.LockstepSettings.SNAPSHOT_DIRECTORY;
import static dev.lockstep.LockstepSettings.SNAPSHOT_ENABLED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.embedded.HotStandby;
import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import dev.lockstep.testsupport.TestLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Runs that would fail anyway stop before the snapshot (DESIGN step 5): the database is read-only, the user may not
 * create in the schema, the search_path names no schema, Flyway's validation refuses the history. Each is asserted by
 * the message a user reads and by the snapshot directory staying empty, restart after restart.
 */
@PostgresTest
class PreflightTest {
    private final TestDatabase db;
    @TempDir
    Path dir;
    @TempDir
    Path snapshots;
    @RegisterExtension
    final TestLogs logs = new TestLogs();

    PreflightTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void noCreateOnTheSchemaIsRefusedWithTheGrantBeforeAnySnapshot() {
        try (Roles app = Roles.create(db, "no_create")) {
            Lockstep lockstep = withSnapshots(app.dataSource(), Migrations.standard(dir));

            assertThatThrownBy(lockstep::migrate)
                    .isInstanceOfSatisfying(LockstepException.class, e -> {
                        CapturedLogs.record(e);
                        assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_PRIVILEGE);
                    })
                    .hasMessageContaining("User " + app.name + " may not create tables in schema \"public\"")
                    .hasMessageContaining("GRANT USAGE, CREATE ON SCHEMA \"public\" TO " + app.name)
                    .hasMessageContaining("ALTER SCHEMA \"public\" OWNER TO " + app.name)
                    .hasMessageContaining("Nothing was snapshotted or migrated.")
                    .message().doesNotContain("Run Flyway with -X");
            assertThat(snapshotFiles()).isEmpty();
            assertThat(db.queryString("SELECT to_regclass('flyway_schema_history')::text")).isNull();

            app.admin("GRANT CREATE ON SCHEMA public TO " + app.name);
            assertThat(withSnapshots(app.dataSource(), Migrations.standard(dir)).migrate().applied()).hasSize(3);
        }
    }

    /** The same refusal when Flyway's schemas name the schema: the check looks at that schema, not at an empty name. */
    @Test
    void noCreateOnAConfiguredSchemaIsRefusedWithTheGrant() {
        try (Roles app = Roles.create(db, "no_create_named")) {
            Lockstep lockstep = Lockstep.configure(app.dataSource())
                    .flyway(f -> f.locations(Migrations.standard(dir).location()).schemas("public"))
                    .set(SNAPSHOT_ENABLED, true).set(SNAPSHOT_DIRECTORY, snapshots).build();

            assertThatThrownBy(lockstep::migrate)
                    .isInstanceOfSatisfying(LockstepException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_PRIVILEGE))
                    .hasMessageContaining("User " + app.name + " may not create tables in schema \"public\"")
                    .hasMessageContaining("GRANT USAGE, CREATE ON SCHEMA \"public\" TO " + app.name)
                    .message().doesNotContain("\"\"");
            assertThat(snapshotFiles()).isEmpty();
        }
    }

    @Test
    void aSchemaFlywayMustCreateWithoutCreateOnTheDatabaseIsRefusedWithTheGrant() {
        try (Roles app = Roles.create(db, "no_create_schema")) {
            Lockstep lockstep = Lockstep.configure(app.dataSource())
                    .flyway(f -> f.locations(Migrations.standard(dir).location()).schemas("billing"))
                    .set(SNAPSHOT_ENABLED, true).set(SNAPSHOT_DIRECTORY, snapshots).build();

            assertThatThrownBy(lockstep::migrate)
                    .isInstanceOfSatisfying(LockstepException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_PRIVILEGE))
                    .hasMessageContaining("Flyway must create schema \"billing\" and user " + app.name
                            + " may not create schemas in database " + db.name())
                    .hasMessageContaining("CREATE SCHEMA \"billing\" AUTHORIZATION " + app.name)
                    .hasMessageContaining("GRANT CREATE ON DATABASE \"" + db.name() + "\" TO " + app.name)
                    .hasMessageContaining("Nothing was snapshotted or migrated.");
            assertThat(snapshotFiles()).isEmpty();
            assertThat(db.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'billing'")).isZero();
        }
    }

    @Test
    void noUsageOnASchemaOfFlywaysIsRefusedWithTheGrant() {
        try (Roles app = Roles.create(db, "no_usage")) {
            app.admin("GRANT CREATE ON SCHEMA public TO " + app.name, "CREATE SCHEMA billing");
            try {
                Lockstep lockstep = Lockstep.configure(app.dataSource())
                        .flyway(f -> f.locations(Migrations.standard(dir).location()).schemas("public", "billing"))
                        .set(SNAPSHOT_ENABLED, true).set(SNAPSHOT_DIRECTORY, snapshots).build();

                assertThatThrownBy(lockstep::migrate)
                        .isInstanceOfSatisfying(LockstepException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_PRIVILEGE))
                        .hasMessageContaining("User " + app.name + " has no USAGE privilege on schema \"billing\", owned by ")
                        .hasMessageContaining("GRANT USAGE, CREATE ON SCHEMA \"billing\" TO " + app.name)
                        .hasMessageContaining("Nothing was snapshotted or migrated.");
                assertThat(snapshotFiles()).isEmpty();
            } finally {
                app.admin("DROP SCHEMA billing CASCADE");
            }
        }
    }

    /**
     * A schema of Flyway's where the user may not create is a warning, not a refusal (the pending migrations may not
     * create anything there); one that does fails and is told the GRANT.
     */
    @Test
    void noCreateOnAnotherSchemaIsAWarningAndAMigrationThatCreatesThereIsToldTheGrant() {
        try (Roles app = Roles.create(db, "no_create_other")) {
            app.admin("GRANT CREATE ON SCHEMA public TO " + app.name, "CREATE SCHEMA billing",
                    "GRANT USAGE ON SCHEMA billing TO " + app.name);
            try {
                Migrations migrations = Migrations.standard(dir).add("V4__invoices.sql",
                        "CREATE TABLE billing.invoices (id bigint PRIMARY KEY);");
                Lockstep lockstep = Lockstep.configure(app.dataSource())
                        .flyway(f -> f.locations(migrations.location()).schemas("public", "billing"))
                        .set(SNAPSHOT_ENABLED, false).build();

                assertThatThrownBy(lockstep::migrate)
                        .isInstanceOfSatisfying(MigrationFailedException.class,
                                e -> assertThat(e.report().failure().sqlState()).isEqualTo("42501"))
                        .hasMessageContaining("Migration V4 (invoices) failed: ERROR: permission denied for schema billing")
                        .hasMessageContaining("The database user lacks a privilege this migration needs: GRANT it"
                                + " (for objects in a schema: GRANT CREATE ON SCHEMA <schema> TO <user>)");
                assertThat(logs.containing("user " + app.name + " has no CREATE privilege on schema \"billing\":"
                        + " pending migrations that create objects there will fail.")).singleElement().asString()
                        .contains("GRANT USAGE, CREATE ON SCHEMA \"billing\" TO " + app.name);
            } finally {
                app.admin("DROP SCHEMA billing CASCADE");
            }
        }
    }

    @Test
    void noInsertOnAnExistingHistoryTableIsRefusedWithTheGrant() {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        migrations.add("V4__notes.sql", "CREATE TABLE notes (id bigint);");
        try (Roles app = Roles.create(db, "no_insert")) {
            app.admin("GRANT CREATE ON SCHEMA public TO " + app.name, "GRANT SELECT ON flyway_schema_history TO " + app.name);

            assertThatThrownBy(withSnapshots(app.dataSource(), migrations)::migrate)
                    .isInstanceOfSatisfying(LockstepException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_PRIVILEGE))
                    .hasMessageContaining("User " + app.name + " lacks SELECT, INSERT on Flyway's history table"
                            + " \"flyway_schema_history\", so Flyway could not record the migrations.")
                    .hasMessageContaining("GRANT SELECT, INSERT ON \"flyway_schema_history\" TO " + app.name)
                    .hasMessageContaining("Nothing was snapshotted or migrated.");
            assertThat(snapshotFiles()).isEmpty();
            assertThat(db.queryString("SELECT to_regclass('notes')::text")).isNull();
        }
    }

    /** Without validateOnMigrate (Flyway's own setting) nothing validates: a deleted migration does not stop the run. */
    @Test
    void withoutValidateOnMigrateADeletedMigrationDoesNotStopTheRun() {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        migrations.remove("V2__orders.sql").add("V4__notes.sql", "CREATE TABLE notes (id bigint);");

        MigrationReport report = migrations.lockstep(db).flyway(f -> f.validateOnMigrate(false)).build().migrate();

        assertThat(report.applied()).extracting(AppliedMigration::version).containsExactly("4");
    }

    /**
     * A replica's datasource pointed at a hot standby: refused before any snapshot, naming the primary and the modes
     * such an instance should run in; its status still reads, as mode=validate's does.
     */
    @Test
    void aHotStandbyIsRefusedBeforeAnySnapshotNamingThePrimary() {
        try (HotStandby standby = HotStandby.start()) {
            PGSimpleDataSource replica = new PGSimpleDataSource();
            replica.setUrl(standby.jdbcUrl());
            replica.setUser(standby.user());
            replica.setPassword(standby.password());
            Lockstep lockstep = withSnapshots(replica, Migrations.standard(dir));

            assertThatThrownBy(lockstep::migrate)
                    .isInstanceOfSatisfying(LockstepException.class, e -> {
                        CapturedLogs.record(e);
                        assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_READ_ONLY);
                    })
                    .hasMessageContaining("The database at " + standby.jdbcUrl()
                            + " is read-only (or a standby): pg_is_in_recovery() is true, so it accepts no writes and"
                            + " nothing was snapshotted or migrated. Point the datasource at the primary; instances"
                            + " that connect to a standby should run with mode=validate or mode=wait.");
            assertThat(snapshotFiles()).isEmpty();
            assertThat(lockstep.status().state()).isEqualTo(SchemaState.PENDING);
        }
    }

    @Test
    void aReadOnlyUserIsToldTheDatabaseIsReadOnlyBeforeAnySnapshot() {
        try (Roles reader = Roles.create(db, "read_only")) {
            reader.admin("GRANT CREATE ON SCHEMA public TO " + reader.name,
                    "ALTER ROLE " + reader.name + " SET default_transaction_read_only = on");
            Lockstep lockstep = withSnapshots(reader.dataSource(), Migrations.standard(dir));

            assertThatThrownBy(lockstep::migrate)
                    .isInstanceOfSatisfying(LockstepException.class, e -> {
                        CapturedLogs.record(e);
                        assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_READ_ONLY);
                    })
                    .hasMessageContaining("is read-only (or a standby): default_transaction_read_only is on for user "
                            + reader.name)
                    .hasMessageContaining("ALTER ROLE " + reader.name + " SET default_transaction_read_only = off")
                    .hasMessageContaining("mode=validate")
                    .message().doesNotContain("Fix the migration");
            assertThat(snapshotFiles()).isEmpty();
            assertThat(db.queryString("SELECT to_regclass('customers')::text")).isNull();
        }
    }

    @Test
    void anEmptySearchPathIsRefusedBeforeFlywayCreatesASchemaNamedQuotes() {
        try (Roles app = Roles.create(db, "no_path")) {
            app.admin("GRANT CREATE ON DATABASE " + db.name() + " TO " + app.name,
                    "ALTER ROLE " + app.name + " SET search_path = ''");
            Lockstep lockstep = withSnapshots(app.dataSource(), Migrations.standard(dir));

            assertThatThrownBy(lockstep::migrate)
                    .isInstanceOfSatisfying(LockstepException.class, e -> {
                        CapturedLogs.record(e);
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                    })
                    .hasMessageContaining("The search_path of user " + app.name + " names no existing schema"
                            + " (search_path = '\"\"')")
                    .hasMessageContaining("Flyway would create a schema literally named \"\"")
                    .hasMessageContaining("Set Flyway's schemas (flyway.schemas")
                    .hasMessageContaining("ALTER ROLE " + app.name + " SET search_path = public");
            assertThat(db.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = ''")).isZero();
            assertThat(snapshotFiles()).isEmpty();

            // Naming the schema in Flyway's configuration is one fix.
            app.admin("GRANT CREATE ON SCHEMA public TO " + app.name);
            MigrationReport report = Lockstep.configure(app.dataSource())
                    .flyway(f -> f.locations(Migrations.standard(dir).location()).schemas("public"))
                    .set(SNAPSHOT_ENABLED, false).build().migrate();
            assertThat(report.applied()).hasSize(3);
        }
    }

    @Test
    void aDeletedMigrationFailsValidationBeforeTheSnapshotOnEveryRestart() {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        migrations.remove("V2__orders.sql").add("V4__notes.sql", "CREATE TABLE notes (id bigint);");

        for (int restart = 0; restart < 3; restart++) {
            assertThatThrownBy(withSnapshots(db.dataSource(), migrations)::migrate)
                    .isInstanceOfSatisfying(LockstepException.class, e -> {
                        CapturedLogs.record(e);
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MIGRATIONS);
                    })
                    .hasMessageContaining("Flyway's validation refuses the shipped migrations against the schema history")
                    .hasMessageContaining("Detected applied migration not resolved locally: 2")
                    .hasMessageContaining("Restore a deleted migration file");
        }
        assertThat(snapshotFiles()).as("snapshot files after 3 restarts").isEmpty();
        assertThat(db.queryString("SELECT to_regclass('notes')::text")).isNull();
    }

    @Test
    void anOutOfOrderMigrationFailsValidationBeforeTheSnapshotOnEveryRestart() {
        Migrations migrations = Migrations.standard(dir).remove("V2__orders.sql")
                .add("V3__orders_by_customer.sql", "CREATE TABLE orders (id bigint);");
        migrations.lockstep(db).build().migrate();
        migrations.add("V2__late.sql", "CREATE TABLE late (id bigint);");

        for (int restart = 0; restart < 3; restart++) {
            assertThatThrownBy(withSnapshots(db.dataSource(), migrations)::migrate)
                    .isInstanceOfSatisfying(LockstepException.class, e -> {
                        CapturedLogs.record(e);
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MIGRATIONS);
                    })
                    .hasMessageContaining("Detected resolved migration not applied to database: 2")
                    .hasMessageContaining("outOfOrder=true");
        }
        assertThat(snapshotFiles()).as("snapshot files after 3 restarts").isEmpty();

        // With outOfOrder the same files pass validation and are applied.
        MigrationReport report = migrations.withSnapshots(db, snapshots).flyway(f -> f.outOfOrder(true)).build().migrate();
        assertThat(report.applied()).extracting(AppliedMigration::version).containsExactly("2");
    }

    private Lockstep withSnapshots(DataSource dataSource, Migrations migrations) {
        return Lockstep.configure(dataSource).flyway(f -> f.locations(migrations.location()))
                .set(SNAPSHOT_ENABLED, true).set(SNAPSHOT_DIRECTORY, snapshots).build();
    }

    private java.util.List<Path> snapshotFiles() {
        try (Stream<Path> files = Files.list(snapshots)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
