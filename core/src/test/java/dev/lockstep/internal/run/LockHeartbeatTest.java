package dev.lockstep.internal.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lockstep.internal.lock.AdvisoryLock;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import dev.lockstep.testsupport.TestLogs;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The heartbeat checks the lock at its interval while a run holds it (every 5 s in a run, every 100 ms here): the
 * traffic keeps the idle lock connection alive, and a lost lock is logged at once, a single time, while the migration
 * under way goes on (the run stops before the next one, see {@code dev.lockstep.LockLossTest}).
 */
@PostgresTest
class LockHeartbeatTest {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final String LOST = "WARN dev.lockstep.internal.run.LockHeartbeat - [shop/public] Lost the Lockstep"
            + " lock during the run (";

    private final TestDatabase db;
    @RegisterExtension
    final TestLogs logs = new TestLogs();

    LockHeartbeatTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void everyRunChecksEveryFiveSeconds() {
        assertThat(LockHeartbeat.INTERVAL).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void checksTheHeldLockAtEachBeatAndSaysNothing() throws Exception {
        try (Connection connection = db.connect()) {
            int pid = pid(connection);
            AdvisoryLock lock = held(connection, 7_340_501L);
            assertThat(lastQueryOf(pid)).startsWith("SELECT pg_try_advisory_lock(");
            try (LockHeartbeat heartbeat = new LockHeartbeat(lock, INTERVAL)) {
                // The check's own query (AdvisoryLock.verifyHeld), then another one after it.
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> lastQueryOf(pid).startsWith("SELECT pg_backend_pid(), (SELECT array_agg"));
                long beat = stateChangeOf(pid);
                await().atMost(Duration.ofSeconds(10)).until(() -> stateChangeOf(pid) > beat);
            }
            assertThat(logs.containing("Lost the Lockstep lock")).isEmpty();
        }
    }

    @Test
    void aLostLockIsLoggedOnceAtTheNextBeat() throws Exception {
        try (Connection connection = db.connect()) {
            int pid = pid(connection);
            LockHeartbeat heartbeat = new LockHeartbeat(held(connection, 7_340_502L), INTERVAL);
            db.execute("SELECT pg_terminate_backend(" + pid + ", 10000)");

            logs.await(LOST, Duration.ofSeconds(10));
            // Ten more beats' worth of time: the schedule ended with the first warning.
            await().during(INTERVAL.multipliedBy(10)).atMost(INTERVAL.multipliedBy(20))
                    .until(() -> logs.containing("Lost the Lockstep lock").size() == 1);
            heartbeat.close();
        }
    }

    @Test
    void afterCloseNothingIsChecked() throws Exception {
        try (Connection connection = db.connect()) {
            int pid = pid(connection);
            AdvisoryLock lock = held(connection, 7_340_503L);
            new LockHeartbeat(lock, INTERVAL).close();

            db.execute("SELECT pg_terminate_backend(" + pid + ", 10000)");

            await().during(INTERVAL.multipliedBy(10)).atMost(INTERVAL.multipliedBy(20))
                    .until(() -> logs.containing("Lost the Lockstep lock").isEmpty());
        }
    }

    /** The heartbeat never keeps the JVM alive: its thread is a daemon. */
    @Test
    void itsThreadIsADaemon() throws Exception {
        try (Connection connection = db.connect();
                LockHeartbeat heartbeat = new LockHeartbeat(held(connection, 7_340_504L), INTERVAL)) {
            Thread thread = await().atMost(Duration.ofSeconds(10)).until(LockHeartbeatTest::heartbeatThread,
                    found -> found != null);
            assertThat(thread.isDaemon()).isTrue();
        }
    }

    /**
     * Closing waits for a check under way; a caller interrupted meanwhile stops waiting and stays interrupted, so that
     * its own shutdown still sees the interrupt.
     */
    @Test
    void anInterruptedCloseKeepsTheInterrupt() throws Exception {
        try (Connection connection = db.connect()) {
            AdvisoryLock lock = held(connection, 7_340_505L);
            Thread thread;
            boolean interrupted;
            synchronized (connection) {
                // The check takes the connection's monitor first: held here, the beat blocks on it, and close must wait.
                LockHeartbeat heartbeat = new LockHeartbeat(lock, INTERVAL);
                thread = await().atMost(Duration.ofSeconds(10)).until(LockHeartbeatTest::heartbeatThread,
                        found -> found != null && found.getState() == Thread.State.BLOCKED);
                Thread.currentThread().interrupt();
                heartbeat.close();
                interrupted = Thread.interrupted();
            }
            assertThat(interrupted).isTrue();
            thread.join(Duration.ofSeconds(10).toMillis());
            assertThat(thread.isAlive()).isFalse();
        }
    }

    private static Thread heartbeatThread() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("lockstep-heartbeat"))
                .filter(Thread::isAlive).findFirst().orElse(null);
    }

    private static AdvisoryLock held(Connection connection, long key) throws SQLException {
        AdvisoryLock lock = new AdvisoryLock(connection, key, "[shop/public] ");
        assertThat(lock.acquire(Duration.ofSeconds(5), holder -> {}).acquired()).isTrue();
        return lock;
    }

    private String lastQueryOf(int pid) {
        return String.valueOf(db.queryString("SELECT query FROM pg_stat_activity WHERE pid = " + pid));
    }

    /** When the session last changed state (idle, active, idle again): each check moves it on. */
    private long stateChangeOf(int pid) {
        return db.queryLong("SELECT (extract(epoch FROM state_change) * 1000000)::bigint FROM pg_stat_activity"
                + " WHERE pid = " + pid);
    }

    private static int pid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
            row.next();
            return row.getInt(1);
        }
    }
}
