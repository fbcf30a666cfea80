package dev.lockstep.internal.run;

import static dev.lockstep.LockstepSettings.CONNECT_TIMEOUT;
import static dev.lockstep.LockstepSettings.LOCK_TIMEOUT;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockHolder;
import dev.lockstep.LockTimeoutException;
import dev.lockstep.LockstepException;
import dev.lockstep.MigrationReport;
import dev.lockstep.Outcome;
import dev.lockstep.SchemaState;
import dev.lockstep.internal.config.Durations;
import dev.lockstep.internal.lock.AdvisoryLock;
import dev.lockstep.internal.status.Comparison;
import dev.lockstep.internal.status.HistoryRow;
import dev.lockstep.internal.status.ResolvedSet;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run in {@code mode=migrate}: connect, resolve, take the lock, read the history under it, and hand what is
 * pending to {@link PendingRun}; then release. Expected outcomes (nothing pending, waited for another instance) come
 * back as reports; failures as exceptions that name the fix. What {@code status()} shows meanwhile is set through
 * {@link RunPhase.Run}, which settles when the run ends, whichever way.
 */
final class LockedRun {
    private static final Logger log = LoggerFactory.getLogger(LockedRun.class);

    private final Engine engine;
    private final RunPhase.Run phase;
    private final long started = System.nanoTime();
    private final Instant startedAt = Instant.now();
    private String prefix = "";
    private @Nullable Comparison finishedMeanwhile;

    LockedRun(Engine engine, RunPhase.Run phase) {
        this.engine = engine;
        this.phase = phase;
    }

    MigrationReport run() {
        MigrationReport nothingToDo = withoutLockIfNothingPending();
        if (nothingToDo != null) {
            return nothingToDo;
        }
        // Resolved before the lock connection is open: Flyway borrows a connection of its own to resolve, and a pool
        // that lends the lock connection may have no second one (the preflight says so, with the fix).
        ResolvedSet resolved;
        try {
            resolved = engine.resolved();
        } catch (FlywayException e) {
            throw engine.runFailure(e, prefix);
        }
        Connection lockConnection = engine.connections.openDedicated(engine.settings.get(CONNECT_TIMEOUT));
        try {
            prefix = engine.prefix(lockConnection);
            AdvisoryLock lock = new AdvisoryLock(lockConnection, engine.lockKey(lockConnection), prefix);
            AdvisoryLock.Acquisition acquisition = acquire(lock);
            Comparison meanwhile = finishedMeanwhile;
            if (acquisition.unneeded() && meanwhile != null) {
                return upToDate(meanwhile, acquisition.waited());
            }
            Duration lockWait = acquisition.waited();
            try (LockHeartbeat heartbeat = new LockHeartbeat(lock)) {
                return underLock(lockConnection, lock, resolved, lockWait);
            } finally {
                lock.release();
            }
        } catch (SQLException | FlywayException e) {
            throw engine.runFailure(e, prefix);
        } finally {
            engine.connections.close(lockConnection);
        }
    }

    /**
     * The common start: the history already shows every shipped migration applied. An applied migration never
     * becomes pending again, so this needs neither the lock nor its dedicated connection; anything else (pending,
     * failed, changed) goes the locked way, where it is read again under the lock.
     */
    private @Nullable MigrationReport withoutLockIfNothingPending() {
        try (Connection first = engine.connections.borrow(engine.settings.get(CONNECT_TIMEOUT))) {
            prefix = engine.prefix(first); // waits for the database, until connect-timeout
        } catch (SQLException e) {
            log.debug("could not reach the database before locking ({}); taking the lock",
                    engine.connections.redact(e.getMessage()));
            return null;
        }
        Comparison comparison = upToDateWithoutLock();
        return comparison == null ? null : upToDate(comparison, Duration.ZERO);
    }

    /**
     * The history read on a borrowed connection, when it shows every shipped migration applied; null otherwise or
     * when it cannot be read (then the locked path reads it again, under the lock).
     */
    private @Nullable Comparison upToDateWithoutLock() {
        ResolvedSet resolved;
        try {
            // Without a connection of ours open: Flyway borrows its own to resolve, and a pool may have only one.
            resolved = engine.resolved();
        } catch (FlywayException e) {
            log.debug("{}could not resolve the migrations without the lock ({}); taking the lock", prefix,
                    engine.connections.redact(e.getMessage()));
            return null;
        }
        try (Connection connection = engine.connections.borrow()) {
            Comparison comparison = Comparison.of(resolved, engine.history.read(connection));
            if (comparison.state() != SchemaState.UP_TO_DATE && comparison.state() != SchemaState.AHEAD_OF_APP
                    && comparison.state() != SchemaState.INVALID_MIGRATIONS) {
                return null;
            }
            rememberLatestRun(connection);
            return comparison;
        } catch (SQLException | FlywayException e) {
            log.debug("{}could not check the history without the lock ({}); taking the lock", prefix,
                    engine.connections.redact(e.getMessage()));
            return null;
        }
    }

    /**
     * Waits for the lock until {@code lock.timeout}. Each time the holder lets go, the history is read first without
     * the lock, as at a restart: when the holder left nothing pending, the run ends without the lock (not acquired,
     * {@link #finishedMeanwhile} set), so that replicas that waited together finish together instead of taking the
     * lock one after another.
     */
    private AdvisoryLock.Acquisition acquire(AdvisoryLock lock) throws SQLException {
        phase.waiting();
        AdvisoryLock.Acquisition acquisition = lock.acquire(engine.settings.get(LOCK_TIMEOUT), holder -> {
            phase.waitingFor(holder);
            log.info("{}waiting for the Lockstep lock held by {} for {} s (lock.timeout={})", prefix,
                    holder.describe(), holder.waited().toSeconds(), Durations.format(engine.settings.get(LOCK_TIMEOUT)));
            engine.listeners.each(l -> l.lockWaiting(holder));
        }, () -> (finishedMeanwhile = upToDateWithoutLock()) != null);
        if (acquisition.unneeded()) {
            log.debug("{}the Lockstep lock's holder left nothing pending after {} ms; not taking the lock", prefix,
                    acquisition.waited().toMillis());
            return acquisition;
        }
        if (!acquisition.acquired()) {
            LockHolder holder = acquisition.lastHolder();
            throw new LockTimeoutException(prefix + "Gave up waiting for the Lockstep lock after lock.timeout="
                    + Durations.format(engine.settings.get(LOCK_TIMEOUT)) + ": it is held by "
                    + (holder == null ? "a session PostgreSQL does not show to this user" : holder.describe())
                    + ". Another instance is probably still migrating; raise lock.timeout for long migrations, or"
                    + " if that session is stuck, end it with SELECT pg_terminate_backend(pid).", holder);
        }
        lock.verifyHeld();
        Duration waited = acquisition.waited();
        log.debug("{}acquired the Lockstep lock (key {}) after {} ms", prefix, lock.key(), waited.toMillis());
        engine.listeners.each(l -> l.lockAcquired(waited));
        return acquisition;
    }

    private MigrationReport underLock(Connection lockConnection, AdvisoryLock lock, ResolvedSet resolved,
            Duration lockWait) throws SQLException {
        List<HistoryRow> rows = engine.history.read(lockConnection);
        Comparison comparison = Comparison.of(resolved, rows);
        rememberLatestRun(lockConnection);
        refuseBrokenHistory(comparison);
        if (comparison.pending().isEmpty()) {
            return upToDate(comparison, lockWait);
        }
        phase.migrating();
        RunRecord record = new RunRecord(engine.connections, engine.runs, engine.history, new RunHistory.Start(
                engine.instance, engine.host, engine.appVersion, startedAt, comparison.current(), lockWait.toMillis()),
                prefix);
        return new PendingRun(engine, phase, record, prefix, started, lockWait).apply(lock, resolved, comparison,
                !rows.isEmpty());
    }

    /** The newest run for status probes: bookkeeping, so a failure to read it (a lock on the table) never ends the run. */
    private void rememberLatestRun(Connection connection) {
        try {
            engine.runs.readLatest(connection);
        } catch (SQLException e) {
            log.debug("{}could not read lockstep_runs: {}", prefix, engine.connections.redact(e.getMessage()));
        }
    }

    /** Flyway would refuse these too; Lockstep says what to do about them before touching anything. */
    private void refuseBrokenHistory(Comparison comparison) {
        LockstepException refusal = Failures.brokenHistory(comparison, prefix,
                engine.flyway.getConfiguration().isValidateOnMigrate());
        if (refusal != null) {
            // Not FAILED through the phase: status() reads the failed row from the history, and so follows a repair.
            throw refusal;
        }
    }

    private MigrationReport upToDate(Comparison comparison, Duration lockWait) {
        if (comparison.state() == SchemaState.INVALID_MIGRATIONS) {
            log.warn("{}{}", prefix, engine.noMigrationsFound());
        }
        log.info("{}schema is at {}: nothing to migrate", prefix, PendingRun.version(comparison.current()));
        return new MigrationReport(Outcome.UP_TO_DATE, comparison.state(), comparison.current(), comparison.current(),
                List.of(), lockWait, Duration.ofNanos(System.nanoTime() - started), null, null, engine.instance, null,
                null, false);
    }
}
