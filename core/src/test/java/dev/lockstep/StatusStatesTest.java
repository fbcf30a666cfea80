package dev.lockstep;

import static dev.lockstep.LockstepSettings.MODE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import dev.lockstep.testsupport.TestLogs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that answers is never reported UNREACHABLE: a probe blocked by another session's lock on the history
 * table, a role's statement_timeout, migrations Flyway cannot resolve and locations that match nothing each get a
 * state of their own and a message that says why.
 */
@PostgresTest
class StatusStatesTest {
    private final TestDatabase db;
    @RegisterExtension
    final TestLogs logs = new TestLogs();
    @TempDir
    Path dir;

    StatusStatesTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void aProbeBlockedByALockOnTheHistoryTableReportsUnknownNamingTheHolder() throws Exception {
        Lockstep lockstep = Migrations.standard(dir).lockstep(db).build();
        lockstep.migrate();
        try (Connection holder = db.connect(); Statement statement = holder.createStatement()) {
            statement.execute("SET application_name = 'schema-surgeon'");
            holder.setAutoCommit(false);
            statement.execute("LOCK TABLE flyway_schema_history IN ACCESS EXCLUSIVE MODE");
            int pid = pidOf(holder);

            SchemaStatus status = CompletableFuture.supplyAsync(lockstep::status).get(60, TimeUnit.SECONDS);

            assertThat(status.state()).isEqualTo(SchemaState.UNKNOWN);
            assertThat(status.health()).isEqualTo(Health.DOWN);
            assertThat(status.message())
                    .contains("answered, but the schema history could not be read")
                    .contains("canceling statement due to lock timeout")
                    .contains("Another session holds a lock on \"flyway_schema_history\"")
                    .contains("lock_timeout=2s and statement_timeout=10s")
                    .contains("held by pid " + pid + " (schema-surgeon, idle in transaction, AccessExclusiveLock)");
            holder.rollback();
        }
        assertThat(lockstep.status().state()).isEqualTo(SchemaState.UP_TO_DATE);
    }

    /** The diagnosis asks the database once more; when it cannot, the message says less, and nothing it cannot know. */
    @Test
    void aDiagnosisThatGetsNoConnectionNamesNoHolder() throws Exception {
        Lockstep lockstep = Lockstep.configure(refusingTheDiagnosis(db.dataSource()))
                .flyway(f -> f.locations(Migrations.standard(dir).location()))
                .set(LockstepSettings.SNAPSHOT_ENABLED, false).build();
        lockstep.migrate();
        try (Connection holder = db.connect(); Statement statement = holder.createStatement()) {
            holder.setAutoCommit(false);
            statement.execute("LOCK TABLE flyway_schema_history IN ACCESS EXCLUSIVE MODE");

            SchemaStatus status = CompletableFuture.supplyAsync(lockstep::status).get(60, TimeUnit.SECONDS);

            assertThat(status.state()).isEqualTo(SchemaState.UNKNOWN);
            assertThat(status.message()).contains("Another session holds a lock on \"flyway_schema_history\"")
                    .contains(": PostgreSQL did not say who holds it (No connection for the diagnosis.). End that"
                            + " session's transaction, or wait for it.")
                    .doesNotContain("held by");
            holder.rollback();
        }
    }

    @Test
    void aStatementTimeoutTheDiagnosisCannotLookUpIsStillNamed() {
        try (Roles app = Roles.create(db, "timeout_unread")) {
            app.admin("ALTER ROLE " + app.name + " IN DATABASE " + db.name() + " SET statement_timeout = 1");

            SchemaStatus status = Lockstep.configure(refusingTheDiagnosis(app.dataSource()))
                    .flyway(f -> f.locations(Migrations.standard(dir).location())).build().status();

            assertThat(status.state()).isEqualTo(SchemaState.UNKNOWN);
            assertThat(status.message()).contains("canceling statement due to statement timeout")
                    .contains(" PostgreSQL canceled the query: check statement_timeout for this user"
                            + " (SHOW statement_timeout).")
                    .doesNotContain("set on the role");
        }
    }

    @Test
    void aRoleStatementTimeoutCannotBreakLockstepsOwnQueriesAndIsNamedWhenItBreaksFlyways() {
        Lockstep resolvedBefore = Migrations.standard(dir).lockstep(db).build();
        resolvedBefore.migrate();
        Migrations more = Migrations.standard(dir).add("V4__notes.sql", "CREATE TABLE notes (id bigint);");
        db.execute("ALTER ROLE " + db.user() + " SET statement_timeout = 1");
        try {
            // Resolved before the role changed: the probe runs only Lockstep's own, bounded queries.
            assertThat(resolvedBefore.status().state()).isEqualTo(SchemaState.UP_TO_DATE);

            // Resolving now runs Flyway's queries, which the role's 1 ms cancels: not UNREACHABLE, and named.
            SchemaStatus status = more.lockstep(db).build().status();
            assertThat(status.state()).isEqualTo(SchemaState.UNKNOWN);
            assertThat(status.message()).contains("statement_timeout=1ms, set on the role " + db.user())
                    .contains("ALTER ROLE " + db.user() + " RESET statement_timeout");
            assertThatThrownBy(more.lockstep(db).build()::migrate)
                    .isInstanceOfSatisfying(LockstepException.class, CapturedLogs::record)
                    .hasMessageContaining("canceling statement due to statement timeout")
                    .hasMessageContaining("statement_timeout=1ms, set on the role " + db.user())
                    .hasMessageContaining("ALTER ROLE " + db.user() + " RESET statement_timeout");
        } finally {
            db.execute("ALTER ROLE " + db.user() + " RESET statement_timeout");
        }
        assertThat(db.queryString("SELECT to_regclass('notes')::text")).isNull();
    }

    @Test
    void aStatementTimeoutOfTheRoleInThisDatabaseIsNamedWithItsReset() {
        try (Roles app = Roles.create(db, "timeout_here")) {
            app.admin("ALTER ROLE " + app.name + " IN DATABASE " + db.name() + " SET statement_timeout = 1");

            SchemaStatus status = Lockstep.configure(app.dataSource())
                    .flyway(f -> f.locations(Migrations.standard(dir).location())).build().status();

            assertThat(status.state()).isEqualTo(SchemaState.UNKNOWN);
            assertThat(status.message()).contains("statement_timeout=1ms, set on the role " + app.name
                            + " for this database (ALTER ROLE " + app.name + " IN DATABASE ... SET statement_timeout)")
                    .contains("remove it with ALTER ROLE " + app.name + " IN DATABASE ... RESET statement_timeout");
        }
    }

    @Test
    void aStatementTimeoutOfTheDatabaseIsNamedWithItsReset() throws SQLException {
        // A database of its own: the setting reaches every session opened on it meanwhile, the suite's pooled ones too.
        try (TestDatabase own = TestDatabase.create("timeout_db"); Roles app = Roles.create(own, "timeout_db")) {
            app.admin("ALTER DATABASE " + own.name() + " SET statement_timeout = 1");
            try {
                SchemaStatus status = Lockstep.configure(app.dataSource())
                        .flyway(f -> f.locations(Migrations.standard(dir).location())).build().status();

                assertThat(status.state()).isEqualTo(SchemaState.UNKNOWN);
                assertThat(status.message()).contains("statement_timeout=1ms, set on the database (ALTER DATABASE ..."
                        + " SET statement_timeout); remove it with ALTER DATABASE ... RESET statement_timeout");
            } finally {
                // From the class's database, whose sessions have no such limit: dropping the role needs them.
                try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
                    statement.execute("ALTER DATABASE " + own.name() + " RESET statement_timeout");
                }
            }
        }
    }

    @Test
    void aHistoryTheUserMayNotReadIsUnknownNamingTheGrant() {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        try (Roles app = Roles.create(db, "no_select")) {
            SchemaStatus status = Lockstep.configure(app.dataSource()).flyway(f -> f.locations(migrations.location()))
                    .build().status();

            assertThat(status.state()).isEqualTo(SchemaState.UNKNOWN);
            assertThat(status.message()).contains("permission denied for table flyway_schema_history")
                    .contains("(SQLSTATE 42501). The database user lacks a privilege on \"flyway_schema_history\":"
                            + " GRANT SELECT, INSERT, UPDATE, DELETE ON \"flyway_schema_history\" TO <user>,"
                            + " or run Lockstep as the owner of the schema.");
        }
    }

    @Test
    void duplicateVersionsAreInvalidMigrationsNamingBothFiles() {
        Migrations migrations = Migrations.standard(dir).add("V2__orders_again.sql", "SELECT 1;");
        Lockstep lockstep = migrations.lockstep(db).build();

        SchemaStatus status = lockstep.status();
        assertThat(status.state()).isEqualTo(SchemaState.INVALID_MIGRATIONS);
        assertThat(status.health()).isEqualTo(Health.DOWN);
        assertThat(status.message()).contains("Flyway cannot resolve the migrations this application ships")
                .contains("Found more than one migration with version 2")
                .contains("V2__orders.sql").contains("V2__orders_again.sql")
                .contains("each version may appear once");

        assertThatThrownBy(lockstep::migrate)
                .isInstanceOfSatisfying(LockstepException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MIGRATIONS);
                })
                .hasMessageContaining("V2__orders.sql").hasMessageContaining("V2__orders_again.sql");
    }

    @Test
    void locationsThatMatchNothingAreNotUpToDateAndFailValidate() {
        String typo = "filesystem:" + dir.resolve("db/migraton").toAbsolutePath();
        Lockstep lockstep = Lockstep.configure(db.dataSource()).flyway(f -> f.locations(typo))
                .set(LockstepSettings.SNAPSHOT_ENABLED, false).build();
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                .contains("Flyway location '" + typo + "' does not exist, so it holds no migration"));

        SchemaStatus status = lockstep.status();
        assertThat(status.state()).isEqualTo(SchemaState.INVALID_MIGRATIONS);
        assertThat(status.targetVersion()).isNull();
        assertThat(status.message()).contains("Flyway found no migration at " + typo)
                .contains("the schema has no history").contains("for a typo");

        Lockstep validating = Lockstep.configure(db.dataSource()).flyway(f -> f.locations(typo))
                .set(MODE, Mode.VALIDATE).build();
        assertThatThrownBy(validating::migrate)
                .isInstanceOfSatisfying(LockstepException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MIGRATIONS);
                })
                .hasMessageContaining("mode=validate: Flyway found no migration at " + typo);
    }

    /**
     * The DataSource, but it refuses the connection Lockstep asks for to diagnose an error (as a pool with none left
     * would), and does not unwrap, so that Lockstep opens every connection through it.
     */
    private static DataSource refusingTheDiagnosis(DataSource dataSource) {
        return OpaqueDataSource.of(dataSource, wrapped -> {
            if (StackWalker.getInstance().walk(frames -> frames.anyMatch(frame -> frame.getClassName()
                    .equals("dev.lockstep.internal.run.Diagnosis")))) {
                throw new SQLException("No connection for the diagnosis.");
            }
            return wrapped.getConnection();
        });
    }

    private static int pidOf(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
                var row = statement.executeQuery("SELECT pg_backend_pid()")) {
            row.next();
            return row.getInt(1);
        }
    }
}
