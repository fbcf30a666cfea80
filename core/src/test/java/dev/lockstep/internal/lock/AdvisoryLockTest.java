package dev.lockstep.internal.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockHolder;
import dev.lockstep.LockstepException;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import dev.lockstep.testsupport.TestLogs;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The lock on its own, between sessions of a real PostgreSQL: taking it, waiting for it (woken by the holder's
 * notification, polling otherwise, reporting the holder at its interval), giving up, the checks that it is still held,
 * and letting go. Each test uses its own key.
 */
@PostgresTest
class AdvisoryLockTest {
    /** Polls 10 to 30 s apart: a waiter that returns sooner was woken, or cut short, by something else. */
    private static final AdvisoryLock.Polling SLOW_POLLS = new AdvisoryLock.Polling(Duration.ofSeconds(20),
            Duration.ofSeconds(20), Duration.ofHours(1));

    private final TestDatabase db;
    @RegisterExtension
    final TestLogs logs = new TestLogs();

    AdvisoryLockTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void everyRunPollsFrom50To500MillisecondsAndReportsTheHolderEvery10Seconds() {
        assertThat(AdvisoryLock.Polling.DEFAULT).isEqualTo(new AdvisoryLock.Polling(Duration.ofMillis(50),
                Duration.ofMillis(500), Duration.ofSeconds(10)));
    }

    @Test
    void aFreeLockIsTakenAtOnceByThisBackendAndNothingIsLeftListening() throws Exception {
        try (Connection connection = db.connect()) {
            AdvisoryLock lock = new AdvisoryLock(connection, 7_340_401L, "");
            List<LockHolder> reports = new ArrayList<>();

            AdvisoryLock.Acquisition acquisition = lock.acquire(Duration.ofSeconds(5), reports::add);

            assertThat(acquisition.acquired()).isTrue();
            assertThat(acquisition.lastHolder()).isNull();
            assertThat(reports).isEmpty();
            assertThat(lock.key()).isEqualTo(7_340_401L);
            assertThat(holdersOf(7_340_401L)).containsExactly(pid(connection));
            assertThat(listening(connection)).isEmpty();
            lock.verifyHeld();
        }
    }

    @Test
    void givesUpAtTheTimeoutNamingTheHolderAndStopsListening() throws Exception {
        long key = 7_340_402L;
        try (Connection holder = holding(key, "the-holder"); Connection connection = db.connect()) {
            AdvisoryLock lock = new AdvisoryLock(connection, key, "");

            AdvisoryLock.Acquisition acquisition = lock.acquire(Duration.ofMillis(300), h -> {});

            assertThat(acquisition.acquired()).isFalse();
            assertThat(acquisition.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(acquisition.lastHolder().pid()).isEqualTo(pid(holder));
            assertThat(acquisition.lastHolder().applicationName()).isEqualTo("the-holder");
            assertThat(acquisition.lastHolder().waited()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(listening(connection)).isEmpty();
            assertThat(holdersOf(key)).containsExactly(pid(holder));
        }
    }

    /**
     * The waiter's polls are 10 to 30 s apart here; it takes the lock far sooner after the holder lets go, because
     * the holder notifies the lock's channel as it releases and the waiter listens there.
     */
    @Test
    void theHoldersNotificationWakesTheWaiterLongBeforeItsNextPoll() throws Exception {
        long key = 7_340_403L;
        try (Connection holding = db.connect(); Connection waiting = db.connect()) {
            AdvisoryLock holder = new AdvisoryLock(holding, key, "");
            assertThat(holder.acquire(Duration.ofSeconds(5), h -> {}).acquired()).isTrue();
            AdvisoryLock waiter = new AdvisoryLock(waiting, key, "", SLOW_POLLS);
            CountDownLatch reported = new CountDownLatch(1);
            long started = System.nanoTime();
            // The plain acquire, as a snapshot outside a run waits: woken, it still wants the lock.
            CompletableFuture<AdvisoryLock.Acquisition> acquisition = acquiringLater(waiter, reported);
            // The report comes after the waiter listens and right before its first pause.
            assertThat(reported.await(30, TimeUnit.SECONDS)).isTrue();

            long released = System.nanoTime();
            holder.release();
            AdvisoryLock.Acquisition taken = acquisition.get(60, TimeUnit.SECONDS);
            Duration wokenAfter = Duration.ofNanos(System.nanoTime() - released);

            assertThat(taken.acquired()).isTrue();
            Duration shortestPoll = SLOW_POLLS.firstPause().dividedBy(2);
            assertThat(wokenAfter).isLessThan(shortestPoll.dividedBy(4));
            assertThat(taken.waited()).as("waited from the first try to the lock")
                    .isPositive().isLessThan(Duration.ofNanos(System.nanoTime() - started));
            assertThat(holdersOf(key)).containsExactly(pid(waiting));
            assertThat(listening(waiting)).as("the waiter stops listening once it holds the lock").isEmpty();
        }
    }

    /** A holder that lets go without notifying (a session that ended) is noticed at the next poll. */
    @Test
    void withoutANotificationTheNextPollFindsTheLockFree() throws Exception {
        long key = 7_340_404L;
        AdvisoryLock.Polling quickPolls = new AdvisoryLock.Polling(Duration.ofMillis(20), Duration.ofMillis(40),
                Duration.ofHours(1));
        try (Connection holder = holding(key, "plain-holder"); Connection waiting = db.connect()) {
            AdvisoryLock waiter = new AdvisoryLock(waiting, key, "", quickPolls);
            CountDownLatch reported = new CountDownLatch(1);
            CompletableFuture<AdvisoryLock.Acquisition> acquisition = acquiringLater(waiter, reported, () -> false);
            assertThat(reported.await(30, TimeUnit.SECONDS)).isTrue();

            holder.createStatement().execute("SELECT pg_advisory_unlock(" + key + ")");

            AdvisoryLock.Acquisition taken = acquisition.get(60, TimeUnit.SECONDS);
            assertThat(taken.acquired()).isTrue();
            assertThat(taken.lastHolder().applicationName()).isEqualTo("plain-holder");
        }
    }

    /** The holder is reported when the wait starts, then once per interval however often the waiter polls. */
    @Test
    void reportsTheHolderWhenTheWaitStartsThenOncePerInterval() throws Exception {
        long key = 7_340_405L;
        Duration interval = Duration.ofSeconds(1);
        AdvisoryLock.Polling polling = new AdvisoryLock.Polling(Duration.ofMillis(10), Duration.ofMillis(20), interval);
        try (Connection holder = holding(key, "slow-deploy"); Connection waiting = db.connect()) {
            List<LockHolder> reports = new CopyOnWriteArrayList<>();
            AdvisoryLock waiter = new AdvisoryLock(waiting, key, "", polling);

            AdvisoryLock.Acquisition acquisition = waiter.acquire(Duration.ofMillis(3500), reports::add);

            assertThat(acquisition.acquired()).isFalse();
            assertThat(reports).allSatisfy(report -> {
                assertThat(report.pid()).isEqualTo(pid(holder));
                assertThat(report.applicationName()).isEqualTo("slow-deploy");
            });
            assertThat(reports.get(0).waited()).as("the first report, as the wait starts").isLessThan(interval);
            for (int i = 1; i < reports.size(); i++) {
                assertThat(reports.get(i).waited().minus(reports.get(i - 1).waited())).as("report %d after %d", i, i - 1)
                        .isGreaterThanOrEqualTo(interval);
            }
            // Polled some hundred times in 3.5 s, reported about four times: when it began and once a second.
            assertThat(reports).hasSizeBetween(2, 4);
            assertThat(acquisition.lastHolder().waited()).isGreaterThanOrEqualTo(reports.get(reports.size() - 1).waited());
        }
    }

    @Test
    void whoHoldsTheLockAsPostgresqlShowsIt() throws Exception {
        long key = 7_340_406L;
        try (Connection connection = db.connect()) {
            AdvisoryLock lock = new AdvisoryLock(connection, key, "");
            assertThat(lock.holder(Duration.ofSeconds(3))).isEmpty();

            try (Connection holder = holding(key, "the-holder")) {
                LockHolder seen = lock.holder(Duration.ofSeconds(3)).orElseThrow();

                assertThat(seen.pid()).isEqualTo(pid(holder));
                assertThat(seen.applicationName()).isEqualTo("the-holder");
                assertThat(seen.clientAddress()).isNotBlank();
                assertThat(seen.backendStart()).isNotNull();
                assertThat(seen.state()).isEqualTo("idle");
                assertThat(seen.waited()).isEqualTo(Duration.ofSeconds(3));
            }
        }
    }

    @Test
    void aLockNobodyHoldsAnyMoreIsLost() throws Exception {
        try (Connection connection = db.connect()) {
            AdvisoryLock lock = new AdvisoryLock(connection, 7_340_407L, "[shop/public] ");
            String lost = "[shop/public] Lost the Lockstep lock during the run (PostgreSQL shows no session holding it"
                    + " any more); stopped before the next migration so that no other instance can apply it twice."
                    + " Migrations committed so far stay applied. Start the service again; if it keeps happening, look"
                    + " for something that ends idle sessions (idle_session_timeout, a proxy, a firewall).";

            assertThatThrownBy(lock::verifyHeld)
                    .isInstanceOfSatisfying(LockstepException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_LOST))
                    .hasMessage(lost);
            assertThat(lock.lost()).hasMessage(lost).hasNoCause();
            assertThat(lock.lost().code()).isEqualTo(ErrorCode.LOCK_LOST);
        }
    }

    @Test
    void aClosedLockConnectionIsALostLock() throws Exception {
        Connection connection = db.connect();
        AdvisoryLock lock = new AdvisoryLock(connection, 7_340_408L, "");
        assertThat(lock.acquire(Duration.ofSeconds(5), h -> {}).acquired()).isTrue();
        connection.close();

        assertThatThrownBy(lock::verifyHeld)
                .isInstanceOfSatisfying(LockstepException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.LOCK_LOST);
                    assertThat(e).hasCauseInstanceOf(SQLException.class);
                    assertThat(e.getCause()).hasMessage("This connection has been closed.");
                })
                .hasMessageStartingWith("Lost the Lockstep lock during the run (the lock connection failed: This"
                        + " connection has been closed.)");
        assertThat(holdersOf(7_340_408L)).isEmpty();
    }

    /**
     * The fencing condition holds, asked from another session, while the lock's session holds the lock, and fails once
     * that session is gone; it stands on a marker lock this session takes beside the lock, the same for the whole run.
     */
    @Test
    void theFenceHoldsExactlyWhileTheLocksSessionDoes() throws Exception {
        long key = 7_340_409L;
        try (Connection locking = db.connect(); Connection migrating = db.connect()) {
            AdvisoryLock lock = new AdvisoryLock(locking, key, "");
            assertThat(lock.acquire(Duration.ofSeconds(5), h -> {}).acquired()).isTrue();

            String fence = lock.fence();

            assertThat(fence).matches("NOT pg_try_advisory_xact_lock_shared\\(-?\\d+\\)");
            assertThat(lock.fence()).as("the same marker for every migration of the run").isEqualTo(fence);
            long marker = Long.parseLong(fence.substring(fence.indexOf('(') + 1, fence.length() - 1));
            assertThat(holdersOf(marker)).containsExactly(pid(locking));
            assertThat(inTransaction(migrating, fence)).isTrue();

            db.execute("SELECT pg_terminate_backend(" + pid(locking) + ", 10000)");

            assertThat(inTransaction(migrating, fence)).isFalse();
        }
    }

    @Test
    void noFenceForALockThisSessionDoesNotHoldAndNoMarkerLeftBehind() throws Exception {
        long key = 7_340_410L;
        try (Connection holder = holding(key, "someone-else"); Connection connection = db.connect()) {
            AdvisoryLock lock = new AdvisoryLock(connection, key, "");

            assertThatThrownBy(lock::fence)
                    .isInstanceOfSatisfying(LockstepException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_LOST));
            assertThat(advisoryLocksOf(pid(connection))).isZero();
        }
    }

    /** Release frees the lock and the marker, and notifies the channel waiters listen on. */
    @Test
    void releaseFreesLockAndMarkerAndNotifiesTheWaiters() throws Exception {
        long key = 0x1F2E3D4CL;
        try (Connection locking = db.connect(); Connection listener = db.connect()) {
            listener.createStatement().execute("LISTEN \"lockstep_1f2e3d4c\"");
            AdvisoryLock lock = new AdvisoryLock(locking, key, "");
            assertThat(lock.acquire(Duration.ofSeconds(5), h -> {}).acquired()).isTrue();
            lock.fence();
            assertThat(advisoryLocksOf(pid(locking))).isEqualTo(2);

            lock.release();

            assertThat(advisoryLocksOf(pid(locking))).isZero();
            PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(10_000);
            assertThat(notifications).extracting(PGNotification::getName).containsExactly("lockstep_1f2e3d4c");
            // A later run's fence takes a marker of its own again.
            assertThat(lock.acquire(Duration.ofSeconds(5), h -> {}).acquired()).isTrue();
            lock.fence();
            assertThat(advisoryLocksOf(pid(locking))).isEqualTo(2);
            lock.release();
        }
    }

    @Test
    void aFailedReleaseIsLoggedNotThrown() throws Exception {
        Connection connection = db.connect();
        AdvisoryLock lock = new AdvisoryLock(connection, 7_340_411L, "[shop/public] ");
        assertThat(lock.acquire(Duration.ofSeconds(5), h -> {}).acquired()).isTrue();
        connection.close();

        lock.release();

        assertThat(logs.containing("could not release the Lockstep lock")).singleElement().asString()
                .startsWith("WARN dev.lockstep.internal.lock.AdvisoryLock - [shop/public] could not release the"
                        + " Lockstep lock (key 7340411): ")
                .endsWith("PostgreSQL frees it when the connection closes.");
    }

    /**
     * The last pause before the timeout is cut to what is left of it: polls 10 to 30 s apart do not stretch a wait of
     * 300 ms.
     */
    @Test
    void theTimeoutCutsThePauseBeforeIt() throws Exception {
        long key = 7_340_412L;
        try (Connection holder = holding(key, "long-deploy"); Connection connection = db.connect()) {
            AdvisoryLock lock = new AdvisoryLock(connection, key, "", SLOW_POLLS);

            AdvisoryLock.Acquisition acquisition = lock.acquire(Duration.ofMillis(300), h -> {});

            assertThat(acquisition.acquired()).isFalse();
            assertThat(acquisition.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(300))
                    .isLessThan(SLOW_POLLS.firstPause().dividedBy(2));
        }
    }

    /**
     * When the holder's notification says it let go and the caller no longer needs the lock, the waiter returns at
     * once without it, and stops listening.
     */
    @Test
    void aWaiterThatNoLongerNeedsTheLockReturnsWithoutItWhenTheHolderLetsGo() throws Exception {
        long key = 7_340_413L;
        try (Connection holding = db.connect(); Connection waiting = db.connect()) {
            AdvisoryLock holder = new AdvisoryLock(holding, key, "");
            assertThat(holder.acquire(Duration.ofSeconds(5), h -> {}).acquired()).isTrue();
            AdvisoryLock waiter = new AdvisoryLock(waiting, key, "", SLOW_POLLS);
            CountDownLatch reported = new CountDownLatch(1);
            AtomicInteger asked = new AtomicInteger();
            long started = System.nanoTime();
            CompletableFuture<AdvisoryLock.Acquisition> acquisition = acquiringLater(waiter, reported, () -> {
                asked.incrementAndGet();
                return true;
            });
            assertThat(reported.await(30, TimeUnit.SECONDS)).isTrue();

            holder.release();
            AdvisoryLock.Acquisition result = acquisition.get(60, TimeUnit.SECONDS);

            assertThat(result.acquired()).isFalse();
            assertThat(result.unneeded()).isTrue();
            assertThat(asked).hasValue(1);
            assertThat(result.waited()).isPositive().isLessThan(Duration.ofNanos(System.nanoTime() - started));
            assertThat(result.lastHolder().pid()).isEqualTo(pid(holding));
            assertThat(listening(waiting)).isEmpty();
            assertThat(holdersOf(key)).isEmpty();
        }
    }

    /** Only the holder's notification makes the waiter ask whether it still needs the lock; a poll does not. */
    @Test
    void aPollWithoutANotificationDoesNotAskWhetherTheLockIsStillNeeded() throws Exception {
        long key = 7_340_414L;
        AdvisoryLock.Polling quickPolls = new AdvisoryLock.Polling(Duration.ofMillis(20), Duration.ofMillis(40),
                Duration.ofHours(1));
        try (Connection holder = holding(key, "still-deploying"); Connection connection = db.connect()) {
            AdvisoryLock lock = new AdvisoryLock(connection, key, "", quickPolls);
            AtomicInteger asked = new AtomicInteger();

            AdvisoryLock.Acquisition acquisition = lock.acquire(Duration.ofMillis(400), h -> {}, () -> {
                asked.incrementAndGet();
                return true;
            });

            assertThat(acquisition.acquired()).isFalse();
            assertThat(acquisition.unneeded()).isFalse();
            assertThat(asked).hasValue(0);
        }
    }

    /**
     * A connection that cannot deliver notifications (a wrapper that does not expose pgjdbc's) still waits: it sleeps
     * its polls, and never takes a pause for the holder's notification.
     */
    @Test
    void withoutNotificationsTheWaiterSleepsBetweenPolls() throws Exception {
        long key = 7_340_415L;
        AdvisoryLock.Polling polling = new AdvisoryLock.Polling(Duration.ofMillis(40), Duration.ofMillis(40),
                Duration.ofHours(1));
        Duration timeout = Duration.ofMillis(600);
        try (Connection holder = holding(key, "busy"); Connection connection = db.connect()) {
            AtomicInteger tries = new AtomicInteger();
            AdvisoryLock lock = new AdvisoryLock(withoutNotifications(connection, tries), key, "", polling);
            AtomicInteger asked = new AtomicInteger();

            AdvisoryLock.Acquisition acquisition = lock.acquire(timeout, h -> {}, () -> {
                asked.incrementAndGet();
                return true;
            });

            assertThat(acquisition.acquired()).isFalse();
            assertThat(acquisition.unneeded()).isFalse();
            assertThat(acquisition.waited()).isGreaterThanOrEqualTo(timeout);
            assertThat(asked).hasValue(0);
            // Pauses of at least 20 ms (40 ms with jitter from 0.5): at most 30 of them in 600 ms, and the two tries
            // around LISTEN.
            assertThat(tries.get()).isBetween(2, 32);
        }
    }

    /** Another session holds the key: the lock is not this connection's, whichever backend PostgreSQL gave it to. */
    @Test
    void aLockAnotherBackendHoldsIsNotHeld() throws Exception {
        long key = 7_340_416L;
        try (Connection holder = holding(key, "other"); Connection connection = db.connect()) {
            AdvisoryLock lock = new AdvisoryLock(connection, key, "[shop/public] ");

            assertThatThrownBy(lock::verifyHeld)
                    .isInstanceOfSatisfying(LockstepException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_NOT_HELD))
                    .hasMessage("[shop/public] PostgreSQL granted the Lockstep lock (key 7340416) to backend " + pid(holder)
                            + ", not to this connection's backend " + pid(connection) + ". The connection goes through a"
                            + " pooler in transaction mode (such as PgBouncer with pool_mode=transaction), where session"
                            + " locks do not hold. Point the datasource Lockstep uses at PostgreSQL directly, or at a"
                            + " pool in session mode.");
        }
    }

    /** A connection holding {@code key} for the whole session, named {@code applicationName}. */
    private Connection holding(long key, String applicationName) throws SQLException {
        Connection connection = db.connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT set_config('application_name', '" + applicationName + "', false),"
                    + " pg_advisory_lock(" + key + ")");
        }
        return connection;
    }

    /** {@code connection} as a wrapper that does not expose pgjdbc's notifications, counting the lock's tries. */
    private static Connection withoutNotifications(Connection connection, AtomicInteger tries) {
        return (Connection) Proxy.newProxyInstance(AdvisoryLockTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("isWrapperFor")) {
                        return false;
                    }
                    if (method.getName().equals("prepareStatement") && "SELECT pg_try_advisory_lock(?)".equals(args[0])) {
                        tries.incrementAndGet();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** As {@link #acquiringLater(AdvisoryLock, CountDownLatch, BooleanSupplier)}, with the plain acquire. */
    private static CompletableFuture<AdvisoryLock.Acquisition> acquiringLater(AdvisoryLock waiter, CountDownLatch reported) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return waiter.acquire(Duration.ofMinutes(2), h -> reported.countDown());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** {@code waiter} waiting up to two minutes on another thread, counting down {@code reported} at each report. */
    private static CompletableFuture<AdvisoryLock.Acquisition> acquiringLater(AdvisoryLock waiter, CountDownLatch reported,
            BooleanSupplier unneeded) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return waiter.acquire(Duration.ofMinutes(2), h -> reported.countDown(), unneeded);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private List<Integer> holdersOf(long key) {
        return db.queryColumn("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1"
                + " AND classid::bigint = " + (key >>> 32) + " AND objid::bigint = " + (key & 0xFFFFFFFFL))
                .stream().map(Integer::valueOf).toList();
    }

    private long advisoryLocksOf(int pid) {
        return db.queryLong("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = " + pid);
    }

    private static int pid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
            row.next();
            return row.getInt(1);
        }
    }

    private static List<String> listening(Connection connection) throws SQLException {
        List<String> channels = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT pg_listening_channels()")) {
            while (rows.next()) {
                channels.add(rows.getString(1));
            }
        }
        return channels;
    }

    /** Evaluates a condition in a transaction of its own, as a migration's statement would. */
    private static boolean inTransaction(Connection connection, String condition) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT " + condition)) {
            row.next();
            return row.getBoolean(1);
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }
}
