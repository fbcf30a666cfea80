package dev.lockstep;

import static dev.lockstep.LockstepSettings.LOCK_KEY;
import static dev.lockstep.LockstepSettings.LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_ENABLED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.internal.lock.LockKey;
import dev.lockstep.spi.MigrationListener;
import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import dev.lockstep.testsupport.TestLogs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Another session holds the Lockstep lock: the run waits, says who holds it, and gives up at lock.timeout. */
@PostgresTest
class LockWaitTest {
    private final TestDatabase db;
    @TempDir
    Path dir;
    @RegisterExtension
    final TestLogs logs = new TestLogs();

    LockWaitTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void waitsForTheHolderAndNamesItThenMigratesWhenItLetsGo() throws Exception {
        try (Connection holder = holdLock("holder-of-the-lock")) {
            int holderPid = pid(holder);
            CountDownLatch waiting = new CountDownLatch(1);
            AtomicReference<LockHolder> seen = new AtomicReference<>();
            AtomicLong waitingSince = new AtomicLong();
            Lockstep lockstep = Migrations.standard(dir).lockstep(db).listener(new MigrationListener() {
                @Override
                public void lockWaiting(LockHolder holder) {
                    waitingSince.compareAndSet(0, System.nanoTime());
                    seen.compareAndSet(null, holder);
                    waiting.countDown();
                }
            }).build();

            CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(lockstep::migrate);
            assertThat(waiting.await(30, TimeUnit.SECONDS)).as("the run reports that it waits").isTrue();
            SchemaStatus whileWaiting = lockstep.status();
            assertThat(whileWaiting.state()).isEqualTo(SchemaState.WAITING_FOR_LOCK);
            assertThat(whileWaiting.health()).isEqualTo(Health.OUT_OF_SERVICE);
            assertThat(whileWaiting.lockHolder()).isNotNull();
            assertThat(whileWaiting.lockHolder().pid()).isEqualTo(holderPid);
            assertThat(whileWaiting.message()).startsWith("Waiting for the Lockstep lock, held by pid " + holderPid
                    + " (holder-of-the-lock");
            assertThat(seen.get().pid()).isEqualTo(holderPid);
            assertThat(seen.get().applicationName()).isEqualTo("holder-of-the-lock");
            assertThat(run).isNotDone();

            unlock(holder);
            long released = System.nanoTime();
            MigrationReport report = run.get(60, TimeUnit.SECONDS);
            assertThat(report.outcome()).isEqualTo(Outcome.MIGRATED);
            // It waited at least from its first report of waiting until the holder let go: what sets a waiter apart.
            assertThat(report.lockWait()).isGreaterThanOrEqualTo(Duration.ofNanos(released - waitingSince.get()));
            assertThat(db.queryLong("SELECT lock_wait_ms FROM lockstep_runs WHERE id = " + report.runId()))
                    .isEqualTo(report.lockWait().toMillis());
            assertThat(logs.lines()).anyMatch(line -> line.contains("waiting for the Lockstep lock held by pid "
                    + holderPid + " (holder-of-the-lock"));
        }
    }

    @Test
    void whenTheHolderLeavesNothingPendingAWaiterFinishesWithoutTakingTheLock() throws Exception {
        Migrations migrations = Migrations.standard(dir);
        try (Connection holder = holdLock("migrating-replica")) {
            WaitListener listener = new WaitListener();
            Lockstep lockstep = migrations.lockstep(db).listener(listener).build();
            CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(lockstep::migrate);
            assertThat(listener.waiting.await(30, TimeUnit.SECONDS)).as("the run reports that it waits").isTrue();

            // What the replica holding the lock does: migrate, then let the waiters know and unlock.
            Flyway.configure().dataSource(db.dataSource()).locations(migrations.location()).load().migrate();
            notifyAndUnlock(holder);

            MigrationReport report = run.get(60, TimeUnit.SECONDS);
            assertThat(report.outcome()).isEqualTo(Outcome.UP_TO_DATE);
            assertThat(report.toVersion()).isEqualTo("3");
            assertThat(report.lockWait()).isPositive();
            assertThat(listener.acquired).as("times the waiter took the lock").hasValue(0);
        }
    }

    @Test
    void aWaiterThatTakesTheLockAfterAnotherMigratedFindsNothingPendingAndRecordsNoRun() throws Exception {
        Migrations migrations = Migrations.in(dir).add("V1__customers.sql", "CREATE TABLE customers (id bigint);");
        MigrationReport first = migrations.lockstep(db).instanceName("web-1").build().migrate();
        migrations.add("V2__orders.sql", "CREATE TABLE orders (id bigint);");
        try (Connection holder = holdLock("lets-go-silently")) {
            WaitListener listener = new WaitListener();
            Lockstep lockstep = migrations.lockstep(db).listener(listener).build();
            CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(lockstep::migrate);
            assertThat(listener.waiting.await(30, TimeUnit.SECONDS)).as("the run reports that it waits").isTrue();

            // Migrated meanwhile by something that does not notify the waiters, then let go: the waiter takes the
            // lock and must find, under it, that nothing is left.
            Flyway.configure().dataSource(db.dataSource()).locations(migrations.location()).load().migrate();
            unlock(holder);

            MigrationReport report = run.get(60, TimeUnit.SECONDS);
            assertThat(report.outcome()).isEqualTo(Outcome.UP_TO_DATE);
            assertThat(report.fromVersion()).isEqualTo("2");
            assertThat(report.runId()).isNull();
            assertThat(listener.acquired).as("times the waiter took the lock").hasValue(1);
            assertThat(db.queryLong("SELECT count(*) FROM lockstep_runs")).as("runs recorded").isEqualTo(1);
            assertThat(lockstep.status().lastRun()).as("the newest run, read under the lock").isNotNull()
                    .extracting(RunSummary::id).isEqualTo(first.runId());
        }
    }

    @Test
    void whenTheHolderLeavesWorkPendingAWaiterTakesTheLockAndMigrates() throws Exception {
        try (Connection holder = holdLock("replica-that-gave-up")) {
            WaitListener listener = new WaitListener();
            Lockstep lockstep = Migrations.standard(dir).lockstep(db).listener(listener).build();
            CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(lockstep::migrate);
            assertThat(listener.waiting.await(30, TimeUnit.SECONDS)).as("the run reports that it waits").isTrue();

            notifyAndUnlock(holder);

            MigrationReport report = run.get(60, TimeUnit.SECONDS);
            assertThat(report.outcome()).isEqualTo(Outcome.MIGRATED);
            assertThat(report.applied()).hasSize(3);
            assertThat(listener.acquired).as("times the waiter took the lock").hasValue(1);
        }
    }

    @Test
    void failsAtLockTimeoutNamingTheHolderAndTheSetting() throws Exception {
        try (Connection holder = holdLock("stuck-deployment")) {
            int holderPid = pid(holder);
            Lockstep lockstep = Migrations.standard(dir).lockstep(db).set(LOCK_TIMEOUT, Duration.ofSeconds(2)).build();

            assertThatThrownBy(lockstep::migrate)
                    .isInstanceOfSatisfying(LockTimeoutException.class, e -> {
                        CapturedLogs.record(e);
                        assertThat(e.code()).isEqualTo(ErrorCode.LOCK_TIMEOUT);
                        assertThat(e.holder()).isNotNull();
                        assertThat(e.holder().pid()).isEqualTo(holderPid);
                    })
                    .hasMessageContaining("Gave up waiting for the Lockstep lock after lock.timeout=2s")
                    .hasMessageContaining("held by pid " + holderPid + " (stuck-deployment")
                    .hasMessageContaining("raise lock.timeout");
            assertThat(db.queryString("SELECT to_regclass('flyway_schema_history')::text")).isNull();
            assertThat(lockstep.status().state()).isEqualTo(SchemaState.PENDING);
        }
    }

    @Test
    void aRestartWithNothingPendingNeedsNoLock() throws Exception {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        // The DataSource hides its credentials, so Lockstep would open a dedicated lock connection through it too.
        CountingDataSource counting = new CountingDataSource(db.dataSource());
        try (Connection holder = holdLock("long-running-job")) {
            MigrationReport restart = Lockstep.configure(counting).flyway(f -> f.locations(migrations.location()))
                    .set(LOCK_TIMEOUT, Duration.ofSeconds(1)).set(SNAPSHOT_ENABLED, false).build().migrate();

            assertThat(restart.outcome()).isEqualTo(Outcome.UP_TO_DATE);
            assertThat(restart.lockWait()).isZero();
            assertThat(counting.connectionsRequested()).as("the history was read").isPositive();
            assertThat(counting.connectionsNamedByLockstep()).as("dedicated lock connections opened").isZero();
        }
    }

    @Test
    void withMigrationsPendingTheRunOpensItsOwnLockConnection() {
        CountingDataSource counting = new CountingDataSource(db.dataSource());
        Lockstep lockstep = Lockstep.configure(counting).flyway(f -> f.locations(Migrations.standard(dir).location()))
                .set(SNAPSHOT_ENABLED, false).build();

        lockstep.migrate();

        // What the count above would see if the run took the locked way: the lock connection, named as Lockstep's.
        assertThat(counting.connectionsNamedByLockstep()).isEqualTo(1);
    }

    @Test
    void configuredLockKeyIsTheOneTaken() throws Exception {
        try (Connection holder = db.connect()) {
            holder.createStatement().execute("SELECT pg_advisory_lock(4242)");
            Lockstep lockstep = Migrations.standard(dir).lockstep(db).set(LOCK_KEY, 4242L)
                    .set(LOCK_TIMEOUT, Duration.ofSeconds(1))
                    .build();
            assertThatThrownBy(lockstep::migrate).isInstanceOf(LockTimeoutException.class);
        }
    }

    private Connection holdLock(String applicationName) throws SQLException {
        Connection connection = db.connect();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT set_config('application_name', ?, false), pg_advisory_lock(?)")) {
            statement.setString(1, applicationName);
            statement.setLong(2, derivedKey());
            statement.execute();
        }
        return connection;
    }

    private void unlock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            statement.setLong(1, derivedKey());
            statement.execute();
        }
    }

    /**
     * Notifies the lock's channel, then unlocks. A Lockstep holder does both in one statement, unlock first, and
     * the notification leaves when the statement ends: a waiter's poll that lands between the two takes the lock
     * (and finds under it that nothing is left). Notifying first, as its own statement, makes the notification
     * the only way this waiter can learn of the release.
     */
    private void notifyAndUnlock(Connection connection) throws SQLException {
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, '')")) {
            notify.setString(1, "lockstep_" + Long.toHexString(derivedKey()));
            notify.execute();
        }
        unlock(connection);
    }

    /** Counts down when the run starts waiting; counts the times it took the lock. */
    private static final class WaitListener implements MigrationListener {
        final CountDownLatch waiting = new CountDownLatch(1);
        final AtomicInteger acquired = new AtomicInteger();

        @Override
        public void lockWaiting(LockHolder holder) {
            waiting.countDown();
        }

        @Override
        public void lockAcquired(Duration waited) {
            acquired.incrementAndGet();
        }
    }

    private long derivedKey() {
        return LockKey.derive(db.name(), "public", "flyway_schema_history");
    }

    static int pid(Connection connection) throws SQLException {
        try (ResultSet row = connection.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            row.next();
            return row.getInt(1);
        }
    }
}
