package dev.lockstep;

import static dev.lockstep.LockstepSettings.MIGRATION_LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.MIGRATION_STATEMENT_TIMEOUT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_ENABLED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each migration runs with {@code migration.lock-timeout} and {@code migration.statement-timeout}, in a transaction or
 * outside one, and the user's pool gets its connections back without them.
 */
@PostgresTest
class MigrationTimeoutsTest {
    private static final int POOL_SIZE = 3;

    private final TestDatabase db;
    @TempDir
    Path dir;

    MigrationTimeoutsTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void everyMigrationHasTheTimeoutsAndNoPooledConnectionKeepsThem() throws SQLException {
        Migrations migrations = Migrations.in(dir)
                .add("V1__seen.sql", "CREATE TABLE seen (version text, lock_timeout text, statement_timeout text);"
                        + seen("1"))
                .add("V2__outside_a_transaction.sql", seen("2"))
                .add("V2__outside_a_transaction.sql.conf", "executeInTransaction=false\n")
                .add("V3__in_a_transaction_again.sql", seen("3"));
        try (HikariDataSource pool = pool()) {
            MigrationReport report = Lockstep.configure(pool).flyway(f -> f.locations(migrations.location()))
                    .set(SNAPSHOT_ENABLED, false).set(MIGRATION_LOCK_TIMEOUT, Duration.ofSeconds(3))
                    .set(MIGRATION_STATEMENT_TIMEOUT, Duration.ofSeconds(40)).build().migrate();

            assertThat(report.applied()).hasSize(3).allSatisfy(applied -> assertThat(applied.duration())
                    .isBetween(Duration.ZERO, report.duration()));
            assertThat(db.queryColumn("SELECT version || ' ' || lock_timeout || ' ' || statement_timeout FROM seen"
                    + " ORDER BY version")).containsExactly("1 3s 40s", "2 3s 40s", "3 3s 40s");
            assertNoPooledConnectionHasTimeouts(pool);
        }
    }

    /** A migration outside a transaction that fails gets its session's timeouts reset all the same. */
    @Test
    void aFailedMigrationOutsideATransactionLeavesNoTimeoutsOnThePooledConnection() throws SQLException {
        Migrations migrations = Migrations.in(dir)
                .add("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);")
                .add("V2__index.sql", "CREATE INDEX CONCURRENTLY customers_email ON customers (email);")
                .add("V2__index.sql.conf", "executeInTransaction=false\n");
        try (HikariDataSource pool = pool()) {
            Lockstep lockstep = Lockstep.configure(pool).flyway(f -> f.locations(migrations.location()))
                    .set(SNAPSHOT_ENABLED, false).set(MIGRATION_LOCK_TIMEOUT, Duration.ofSeconds(3))
                    .set(MIGRATION_STATEMENT_TIMEOUT, Duration.ofSeconds(40)).build();
            assertThatThrownBy(lockstep::migrate).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                CapturedLogs.record(e);
                assertThat(e.report().failure().leftChanges()).isTrue();
            }).hasMessageContaining("Migration V2 (index) failed: ERROR: column \"email\" does not exist");

            assertNoPooledConnectionHasTimeouts(pool);
        }
    }

    private static void assertNoPooledConnectionHasTimeouts(HikariDataSource pool) throws SQLException {
        List<Connection> everyPooled = new ArrayList<>();
        try {
            for (int i = 0; i < POOL_SIZE; i++) {
                everyPooled.add(pool.getConnection());
            }
            for (Connection connection : everyPooled) {
                assertThat(show(connection, "lock_timeout")).isEqualTo("0");
                assertThat(show(connection, "statement_timeout")).isEqualTo("0");
            }
        } finally {
            for (Connection connection : everyPooled) {
                connection.close();
            }
        }
    }

    /**
     * Without connection details the lock connection is borrowed from the pool; it goes back holding neither the
     * Lockstep lock nor the fencing marker taken beside it.
     */
    @Test
    void aLockConnectionBorrowedFromThePoolGoesBackWithoutItsLocks() {
        try (HikariDataSource pool = pool()) {
            CountingDataSource hidingDetails = new CountingDataSource(pool);
            MigrationReport report = Lockstep.configure(hidingDetails)
                    .flyway(f -> f.locations(Migrations.standard(dir).location())).set(SNAPSHOT_ENABLED, false).build()
                    .migrate();

            assertThat(report.applied()).hasSize(3);
            assertThat(db.queryLong("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).isZero();
        }
    }

    private static String seen(String version) {
        return "INSERT INTO seen VALUES ('" + version + "', current_setting('lock_timeout'),"
                + " current_setting('statement_timeout'));";
    }

    private HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(POOL_SIZE);
        return new HikariDataSource(config);
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (ResultSet row = connection.createStatement().executeQuery("SHOW " + setting)) {
            row.next();
            return row.getString(1);
        }
    }
}
