package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.spi.MigrationListener;
import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock connection is terminated in the middle of a run, between migrations or during one: the migration under way
 * finishes, and the run stops before the next one. (The heartbeat that logs the loss at once is LockHeartbeatTest's.)
 */
@PostgresTest
class LockLossTest {
    private final TestDatabase db;
    @TempDir
    Path dir;

    LockLossTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void stopsBeforeTheNextMigrationAndAppliesNothingTwice() {
        Migrations migrations = Migrations.standard(dir)
                .add("V4__invoices.sql", "CREATE TABLE invoices (id bigint PRIMARY KEY);");
        Lockstep lockstep = migrations.lockstep(db).instanceName("loses-its-lock").listener(new MigrationListener() {
            @Override
            public void migrationApplied(AppliedMigration migration) {
                if ("1".equals(migration.version())) {
                    // The lock connection is the one that holds the advisory lock; end its session, and wait until
                    // it has ended (pg_terminate_backend only signals without a timeout): the lock is lost then.
                    db.execute("SELECT pg_terminate_backend(l.pid, 10000) FROM pg_locks l JOIN pg_stat_activity a"
                            + " ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                            + " AND a.application_name = 'lockstep:loses-its-lock'");
                }
            }
        }).build();

        assertThatThrownBy(lockstep::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.code()).isEqualTo(ErrorCode.LOCK_LOST);
                    assertThat(e.report().applied()).extracting(AppliedMigration::version).containsExactly("1");
                })
                // The fencing check before V2 found it lost, and said so with its own words.
                .hasMessageContaining("Lost the Lockstep lock during the run (PostgreSQL shows no session holding it"
                        + " any more); stopped before the next migration so that no other instance can apply it twice.");
        assertThat(db.queryColumn("SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                .containsExactly("1");
        assertThat(db.queryString("SELECT outcome FROM lockstep_runs")).isEqualTo("FAILED");

        MigrationReport rerun = migrations.lockstep(db).build().migrate();
        assertThat(rerun.applied()).extracting(AppliedMigration::version).containsExactly("2", "3", "4");
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history")).isEqualTo(4);
        assertThat(db.queryLong("SELECT count(DISTINCT version) FROM flyway_schema_history")).isEqualTo(4);
    }

    /**
     * Flyway fails outside any migration (here its beforeMigrate callback) after the lock was lost: the failure is the
     * lost lock, the cause behind Flyway's symptom, and Flyway's error goes with it.
     */
    @Test
    void flywayFailingOutsideAMigrationAfterTheLockWasLostReportsTheLostLock() {
        Migrations migrations = Migrations.standard(dir).add("beforeMigrate.sql",
                "SELECT pg_terminate_backend(l.pid, 10000) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                        + " WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'lockstep:loses-it-first';"
                        + " SELECT 1 / 0;");

        assertThatThrownBy(migrations.lockstep(db).instanceName("loses-it-first").build()::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.code()).isEqualTo(ErrorCode.LOCK_LOST);
                    assertThat(e.report().applied()).isEmpty();
                    assertThat(e.getCause()).isNotNull();
                    assertThat(e.getCause().getSuppressed()).singleElement().satisfies(flyway ->
                            assertThat(flyway.getMessage()).contains("division by zero"));
                })
                .hasMessageContaining("Lost the Lockstep lock during the run (the lock connection failed: ")
                .hasMessageContaining("stopped before the next migration so that no other instance can apply it twice.")
                .message().doesNotContain("Flyway failed");
        assertThat(db.queryString("SELECT to_regclass('customers')::text")).as("no migration ran").isNull();
    }

    @Test
    void aLockLostDuringAMigrationLetsItFinishAndStopsBeforeTheNextOne() {
        Migrations migrations = Migrations.standard(dir);
        Lockstep lockstep = migrations.lockstep(db).instanceName("loses-it-midway").listener(new MigrationListener() {
            @Override
            public void migrationStarting(String version, String description) {
                if ("2".equals(version)) {
                    // V2 has passed the fencing check and runs now; its lock session ends under it.
                    db.execute("SELECT pg_terminate_backend(l.pid, 10000) FROM pg_locks l JOIN pg_stat_activity a"
                            + " ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                            + " AND a.application_name = 'lockstep:loses-it-midway'");
                }
            }
        }).build();

        assertThatThrownBy(lockstep::migrate)
                .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.code()).isEqualTo(ErrorCode.LOCK_LOST);
                    assertThat(e.report().applied()).extracting(AppliedMigration::version).containsExactly("1", "2");
                    assertThat(e.report().toVersion()).isEqualTo("2");
                })
                .hasMessageContaining("stopped before the next migration");
        assertThat(db.queryColumn("SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                .containsExactly("1", "2");
        assertThat(db.queryString("SELECT to_regclass('orders_by_customer')::text")).isNull();
    }
}
