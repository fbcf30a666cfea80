package dev.lockstep.internal.lock;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockHolder;
import dev.lockstep.LockstepException;
import dev.lockstep.internal.Backoff;
import dev.lockstep.internal.connect.RedactedCopy;
import dev.lockstep.internal.connect.Redactor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lockstep lock: a session-level advisory lock on a dedicated connection, taken with
 * {@code pg_try_advisory_lock} polled with backoff. Never the blocking or the transaction-level variant: a
 * waiter of either kind deadlocks with {@code CREATE INDEX CONCURRENTLY} on the leader. When the process dies,
 * PostgreSQL ends its session and frees the lock: nothing to clean up by hand.
 *
 * <p>Waiters also {@code LISTEN} on a channel named after the key, and the holder notifies it as it unlocks, so
 * a waiter tries again at once instead of at its next poll; the polls remain for when a notification is lost.
 * The connection is used by the run's thread and the heartbeat; every use is synchronized on it.
 */
public final class AdvisoryLock {
    private static final Logger log = LoggerFactory.getLogger(AdvisoryLock.class);
    private static final Duration HOLDER_LOG_INTERVAL = Duration.ofSeconds(10);
    // A bigint advisory lock appears in pg_locks as classid = high 32 bits, objid = low 32 bits, objsubid = 1.
    private static final String THIS_LOCK = thisLock("?", "?");

    private final Connection connection;
    private final long key;
    private final String prefix;
    private volatile long marker;

    public AdvisoryLock(Connection connection, long key, String prefix) {
        this.connection = connection;
        this.key = key;
        this.prefix = prefix;
    }

    /** The result of waiting for the lock; not acquired means {@code timeout} passed. */
    public record Acquisition(boolean acquired, Duration waited, @Nullable LockHolder lastHolder) {}

    /**
     * Polls until the lock is ours or {@code timeout} passes; tells {@code onWaiting} who holds it when the wait
     * starts and about every 10 s after.
     */
    public Acquisition acquire(Duration timeout, Consumer<LockHolder> onWaiting) throws SQLException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextHolderReport = start;
        LockHolder lastHolder = null;
        Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofMillis(500));
        boolean listening = false;
        while (true) {
            if (tryLock()) {
                if (listening) {
                    execute("UNLISTEN " + channel());
                }
                Duration waited = Duration.ofNanos(System.nanoTime() - start);
                return new Acquisition(true, waited, lastHolder);
            }
            if (!listening) {
                execute("LISTEN " + channel());
                listening = true;
                continue; // the holder may have let go before we listened: try once more
            }
            long now = System.nanoTime();
            Duration waited = Duration.ofNanos(now - start);
            if (now - nextHolderReport >= 0) {
                lastHolder = holder(waited).orElse(lastHolder);
                if (lastHolder != null) {
                    onWaiting.accept(lastHolder);
                }
                nextHolderReport = now + HOLDER_LOG_INTERVAL.toNanos();
            }
            if (now - deadline >= 0) {
                execute("UNLISTEN " + channel());
                return new Acquisition(false, waited, holder(waited).orElse(lastHolder));
            }
            awaitRelease(backoff.next(Duration.ofNanos(deadline - now)));
        }
    }

    /** Waits for the holder's notification, or at most {@code pause}. */
    private void awaitRelease(Duration pause) throws SQLException {
        PGConnection notifications = connection.isWrapperFor(PGConnection.class)
                ? connection.unwrap(PGConnection.class) : null;
        if (notifications == null) {
            Backoff.sleep(pause);
            return;
        }
        synchronized (connection) {
            notifications.getNotifications((int) Math.max(1, pause.toMillis()));
        }
    }

    /**
     * Confirms in {@code pg_locks} that this connection's own backend holds the lock. A pooler in transaction
     * mode (PgBouncer {@code pool_mode=transaction}) runs each statement on whichever server session is free,
     * so a session lock taken through it may belong to another session, or to none, a moment later.
     *
     * @throws LockstepException LOCK_NOT_HELD when another backend holds it; LOCK_LOST when nobody does or the
     *     connection is gone
     */
    public void verifyHeld() {
        synchronized (connection) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_backend_pid(),"
                    + " (SELECT array_agg(l.pid) FROM pg_locks l WHERE " + THIS_LOCK + ")")) {
                bindKey(statement, 1);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    int ownPid = row.getInt(1);
                    java.sql.Array holders = row.getArray(2);
                    Integer[] pids = holders == null ? new Integer[0] : (Integer[]) holders.getArray();
                    for (Integer pid : pids) {
                        if (pid == ownPid) {
                            return;
                        }
                    }
                    if (pids.length > 0) {
                        throw new LockstepException(ErrorCode.LOCK_NOT_HELD, prefix + "PostgreSQL granted the Lockstep"
                                + " lock (key " + key + ") to backend " + pids[0] + ", not to this connection's"
                                + " backend " + ownPid + ". The connection goes through a pooler in transaction mode"
                                + " (such as PgBouncer with pool_mode=transaction), where session locks do not hold."
                                + " Point the datasource Lockstep uses at PostgreSQL directly, or at a pool in"
                                + " session mode.");
                    }
                    throw lost("PostgreSQL shows no session holding it any more", null);
                }
            } catch (SQLException e) {
                throw lost("the lock connection failed: " + Redactor.redact(e.getMessage()), RedactedCopy.of(e, Redactor::redact));
            }
        }
    }

    /**
     * Prepares the fencing check before each migration and returns it: a SQL condition, true while the session that
     * took this lock still holds it, to be asked from another connection of the same database (the migration's own,
     * inside its transaction, in a statement it makes anyway). Reading {@code pg_locks} for that costs about 0.1 ms a
     * time; instead, this session also takes a second advisory lock on a random key of its own (its marker), and the
     * condition is that another session cannot take the marker even shared: {@code NOT
     * pg_try_advisory_xact_lock_shared(marker)}, a single lock-table probe. This session never lets go of either lock
     * before {@link #release}, and PostgreSQL frees them only together, when the session ends; so the marker is held
     * exactly as long as the lock is. When the marker is free the probe takes it shared until the end of the
     * caller's transaction, which the failed check ends.
     *
     * @throws LockstepException LOCK_LOST when the lock is no longer held by this connection's backend
     */
    public String fence() throws SQLException {
        synchronized (connection) {
            for (int attempt = 0; marker == 0 && attempt < 3; attempt++) {
                long candidate = ThreadLocalRandom.current().nextLong();
                try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?),"
                        + " EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = pg_backend_pid() AND " + THIS_LOCK + ")")) {
                    statement.setLong(1, candidate);
                    bindKey(statement, 2);
                    try (ResultSet row = statement.executeQuery()) {
                        row.next();
                        if (!row.getBoolean(2)) {
                            if (row.getBoolean(1)) {
                                unlock(candidate);
                            }
                            throw lost();
                        }
                        if (row.getBoolean(1)) {
                            marker = candidate;
                        }
                    }
                }
            }
            if (marker == 0) {
                throw new SQLException("no free advisory lock key for the fencing marker after 3 random tries");
            }
            return "NOT pg_try_advisory_xact_lock_shared(" + marker + ")";
        }
    }

    /** The failure for a lock found lost before a migration. */
    public LockstepException lost() {
        return lost("PostgreSQL shows no session holding it any more", null);
    }

    /** Who holds the lock now, if anyone does and PostgreSQL lets us see it. */
    public Optional<LockHolder> holder(Duration waited) throws SQLException {
        synchronized (connection) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT a.pid, a.application_name, host(a.client_addr), a.backend_start, a.state"
                            + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE " + THIS_LOCK)) {
                bindKey(statement, 1);
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new LockHolder(row.getInt(1), row.getString(2), row.getString(3),
                            row.getObject(4, OffsetDateTime.class), row.getString(5), waited));
                }
            }
        }
    }

    /** Frees the lock; a failure here is logged, never thrown, so it cannot hide the run's own error. */
    public void release() {
        synchronized (connection) {
            // Unlock first, then notify: the notification is delivered when this statement's transaction ends.
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT pg_advisory_unlock(?), pg_notify(?, ''), CASE WHEN ? <> 0 THEN pg_advisory_unlock(?) END")) {
                statement.setLong(1, key);
                statement.setString(2, channelName());
                statement.setLong(3, marker);
                statement.setLong(4, marker);
                statement.execute();
                marker = 0;
            } catch (SQLException e) {
                log.warn("{}could not release the Lockstep lock (key {}): {}. PostgreSQL frees it when the"
                        + " connection closes.", prefix, key, e.getMessage());
            }
        }
    }

    public long key() {
        return key;
    }

    private void unlock(long other) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            statement.setLong(1, other);
            statement.execute();
        }
    }

    private boolean tryLock() throws SQLException {
        synchronized (connection) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                statement.setLong(1, key);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return row.getBoolean(1);
                }
            }
        }
    }

    /** The notification channel of this lock: {@code lockstep_<key in hex>}. */
    private String channelName() {
        return "lockstep_" + Long.toHexString(key);
    }

    private String channel() {
        return '"' + channelName() + '"';
    }

    private void execute(String sql) throws SQLException {
        synchronized (connection) {
            try (var statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }
    }

    /** The row of a bigint advisory lock in pg_locks, its two halves given as SQL expressions. */
    private static String thisLock(String high, String low) {
        return "l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid::bigint = " + high
                + " AND l.objid::bigint = " + low
                + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";
    }

    private void bindKey(PreparedStatement statement, int first) throws SQLException {
        statement.setLong(first, key >>> 32);
        statement.setLong(first + 1, key & 0xFFFFFFFFL);
    }

    private LockstepException lost(String why, @Nullable Throwable cause) {
        return new LockstepException(ErrorCode.LOCK_LOST, prefix + "Lost the Lockstep lock during the run ("
                + why + "); stopped before the next migration so that no other instance can apply it twice."
                + " Migrations committed so far stay applied. Start the service again; if it keeps happening,"
                + " look for something that ends idle sessions (idle_session_timeout, a proxy, a firewall).", cause);
    }
}
