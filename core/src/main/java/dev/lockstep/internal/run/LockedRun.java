package dev.lockstep.internal.run;

import static dev.lockstep.LockstepSettings.CONNECT_TIMEOUT;
import static dev.lockstep.LockstepSettings.LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.MIGRATION_LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.MIGRATION_STATEMENT_TIMEOUT;
import static dev.lockstep.LockstepSettings.ON_FAILURE;

import dev.lockstep.AppliedMigration;
import dev.lockstep.ErrorCode;
import dev.lockstep.FailedMigration;
import dev.lockstep.LockHolder;
import dev.lockstep.LockTimeoutException;
import dev.lockstep.LockstepException;
import dev.lockstep.MigrationFailedException;
import dev.lockstep.MigrationReport;
import dev.lockstep.Outcome;
import dev.lockstep.OnFailure;
import dev.lockstep.SchemaState;
import dev.lockstep.Snapshot;
import dev.lockstep.SnapshotFailedException;
import dev.lockstep.internal.config.Durations;
import dev.lockstep.internal.lock.AdvisoryLock;
import dev.lockstep.internal.status.Comparison;
import dev.lockstep.internal.status.HistoryRow;
import dev.lockstep.internal.status.ResolvedSet;
import dev.lockstep.spi.SnapshotRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run in {@code mode=migrate}: connect, resolve, take the lock, read the history under it, and apply what
 * is pending, recording the run; then release. Expected outcomes (nothing pending, waited for another
 * instance) come back as reports; failures as exceptions that name the fix.
 */
final class LockedRun {
    private static final Logger log = LoggerFactory.getLogger(LockedRun.class);

    private final Engine engine;
    private final long started = System.nanoTime();
    private final Instant startedAt = Instant.now();
    private String prefix = "";
    private Duration lockWait = Duration.ZERO;

    LockedRun(Engine engine) {
        this.engine = engine;
    }

    MigrationReport run() {
        MigrationReport nothingToDo = withoutLockIfNothingPending();
        if (nothingToDo != null) {
            return nothingToDo;
        }
        Connection lockConnection = engine.connections.openDedicated(engine.settings.get(CONNECT_TIMEOUT));
        try {
            prefix = engine.prefix(lockConnection);
            ResolvedSet resolved = engine.resolved();
            AdvisoryLock lock = new AdvisoryLock(lockConnection, engine.lockKey(lockConnection), prefix);
            acquire(lock);
            try (LockHeartbeat heartbeat = new LockHeartbeat(lock, prefix)) {
                return underLock(lockConnection, lock, resolved);
            } finally {
                lock.release();
            }
        } catch (SQLException e) {
            engine.activity = Activity.IDLE;
            throw new LockstepException(ErrorCode.DATABASE_ERROR, prefix + "Lockstep could not complete its run: "
                    + engine.connections.redact(e.getMessage()) + " (SQLSTATE " + e.getSQLState() + ").", e);
        } catch (FlywayException e) {
            engine.activity = Activity.IDLE;
            throw new LockstepException(ErrorCode.DATABASE_ERROR, prefix + "Flyway could not resolve the"
                    + " migrations: " + engine.connections.redact(e.getMessage()), e);
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
        try (Connection connection = engine.connections.borrow(engine.settings.get(CONNECT_TIMEOUT))) {
            prefix = engine.prefix(connection);
            Comparison comparison = Comparison.of(engine.resolved(), engine.history.read(connection));
            if (comparison.state() != SchemaState.UP_TO_DATE && comparison.state() != SchemaState.AHEAD_OF_APP) {
                return null;
            }
            engine.lastRun = engine.runs.latest(connection).orElse(null);
            engine.activity = Activity.IDLE;
            log.info("{}schema is at {}: nothing to migrate", prefix, version(comparison.current()));
            return finish(report(Outcome.UP_TO_DATE, comparison.state(), comparison.current(), comparison.current(),
                    List.of(), null, null, null, false));
        } catch (SQLException | FlywayException e) {
            log.debug("{}could not check the history before locking ({}); taking the lock", prefix,
                    engine.connections.redact(e.getMessage()));
            return null;
        }
    }

    private void acquire(AdvisoryLock lock) throws SQLException {
        engine.activity = Activity.waiting(null);
        AdvisoryLock.Acquisition acquisition = lock.acquire(engine.settings.get(LOCK_TIMEOUT), holder -> {
            engine.activity = Activity.waiting(holder);
            log.info("{}waiting for the Lockstep lock held by {} for {} s (lock.timeout={})", prefix,
                    holder.describe(), holder.waited().toSeconds(), Durations.format(engine.settings.get(LOCK_TIMEOUT)));
            engine.listeners.each(l -> l.lockWaiting(holder));
        });
        if (!acquisition.acquired()) {
            engine.activity = Activity.IDLE;
            LockHolder holder = acquisition.lastHolder();
            String message = prefix + "Gave up waiting for the Lockstep lock after lock.timeout="
                    + Durations.format(engine.settings.get(LOCK_TIMEOUT)) + ": it is held by "
                    + (holder == null ? "a session PostgreSQL does not show to this user" : holder.describe())
                    + ". Another instance is probably still migrating; raise lock.timeout for long migrations, or"
                    + " if that session is stuck, end it with SELECT pg_terminate_backend(pid).";
            log.error(message);
            throw new LockTimeoutException(message, holder);
        }
        lockWait = acquisition.waited();
        try {
            lock.verifyHeld();
        } catch (LockstepException e) {
            engine.activity = Activity.IDLE;
            log.error(e.getMessage());
            throw e;
        }
        log.debug("{}acquired the Lockstep lock (key {}) after {} ms", prefix, lock.key(), lockWait.toMillis());
        engine.listeners.each(l -> l.lockAcquired(lockWait));
    }

    private MigrationReport underLock(Connection lockConnection, AdvisoryLock lock, ResolvedSet resolved)
            throws SQLException {
        List<HistoryRow> rows = engine.history.read(lockConnection);
        Comparison comparison = Comparison.of(resolved, rows);
        engine.lastRun = engine.runs.latest(lockConnection).orElse(null);
        refuseBrokenHistory(comparison);
        if (comparison.pending().isEmpty()) {
            engine.activity = Activity.IDLE;
            log.info("{}schema is at {}: nothing to migrate", prefix, version(comparison.current()));
            return finish(report(Outcome.UP_TO_DATE, comparison.state(), comparison.current(), comparison.current(),
                    List.of(), null, null, null, false));
        }
        engine.activity = Activity.MIGRATING;
        // Before Flyway's first run its history table does not exist, and Flyway refuses a schema that holds any
        // table without it: lockstep_runs is then written after Flyway created its table.
        Long runId = rows.isEmpty() ? null : recordStart(comparison.current());
        String target = resolved.target() == null ? null : resolved.target().getVersion();
        SnapshotStep snapshots = new SnapshotStep(engine, prefix);
        SnapshotStep.Taken taken = takeSnapshot(snapshots, comparison, runId, target);
        log.info("{}migrating {} -> V{}: {} pending", prefix, version(comparison.current()), target,
                comparison.pending().size());
        MigrationSession session = new MigrationSession(lock, engine.settings.get(MIGRATION_LOCK_TIMEOUT),
                engine.settings.get(MIGRATION_STATEMENT_TIMEOUT), engine.listeners);
        engine.callback.observe(session);
        try {
            MigrateResult result = new MigrationRunner(engine, session, prefix).migrate();
            String toVersion = result.targetSchemaVersion != null ? result.targetSchemaVersion : comparison.current();
            engine.activity = Activity.IDLE;
            Long id = recordFinish(runId, comparison.current(), "MIGRATED", toVersion, session.applied().size(),
                    taken, null);
            MigrationReport report = report(Outcome.MIGRATED, SchemaState.UP_TO_DATE, comparison.current(), toVersion,
                    session.applied(), null, id, taken, false);
            log.info("{}migrated {} -> {} in {} s ({} applied)", prefix, version(comparison.current()),
                    version(toVersion), seconds(report.duration()), report.applied().size());
            return finish(report);
        } catch (MigrationRunner.Failure failure) {
            return failed(comparison, runId, session, failure, taken, snapshots);
        } finally {
            engine.callback.observe(null);
        }
    }

    private SnapshotStep.Taken takeSnapshot(SnapshotStep snapshots, Comparison comparison, @Nullable Long runId,
            @Nullable String target) {
        try {
            return snapshots.take(new SnapshotRequest(comparison.current(), target, engine.appVersion, engine.instance));
        } catch (SnapshotFailedException e) {
            engine.activity = Activity.IDLE;
            recordFinish(runId, comparison.current(), "FAILED", comparison.current(), 0, null, e.getMessage());
            log.error(e.getMessage());
            throw e;
        }
    }

    private MigrationReport failed(Comparison before, @Nullable Long runId, MigrationSession session,
            MigrationRunner.Failure failure, SnapshotStep.Taken taken, SnapshotStep snapshots) {
        FailedMigration failed = failure.failed();
        engine.activity = failed != null ? Activity.failed(failed) : Activity.IDLE;
        SnapshotStep.Restored restored = engine.settings.get(ON_FAILURE) == OnFailure.RESTORE && failed != null
                ? snapshots.restoreIfNeeded(failed, taken.snapshot())
                : new SnapshotStep.Restored(false, "");
        String message = failure.getMessage() + restored.note();
        String toVersion = restored.restored() || session.applied().isEmpty() ? before.current()
                : session.applied().get(session.applied().size() - 1).version();
        Long id = recordFinish(runId, before.current(), "FAILED", toVersion, session.applied().size(), taken, message);
        MigrationReport report = report(Outcome.FAILED, failed != null ? SchemaState.FAILED : before.state(),
                before.current(), toVersion, session.applied(), failed, id, taken, restored.restored());
        log.error(message, failure.getCause());
        engine.listeners.each(l -> l.runFinished(report));
        throw new MigrationFailedException(failure.code(), message, report, failure.getCause());
    }

    /** Flyway would refuse these too; Lockstep says what to do about them before touching anything. */
    private void refuseBrokenHistory(Comparison comparison) {
        LockstepException refusal = Failures.brokenHistory(comparison, prefix,
                engine.flyway.getConfiguration().isValidateOnMigrate());
        if (refusal != null) {
            FailedMigration failed = Failures.ofHistory(comparison.failedRow());
            engine.activity = failed != null ? Activity.failed(failed) : Activity.IDLE;
            log.error(refusal.getMessage());
            throw refusal;
        }
    }

    /** Writes the RUNNING row; null when that fails, and the row is then written at the end. */
    private @Nullable Long recordStart(@Nullable String fromVersion) {
        try (Connection connection = engine.connections.borrow()) {
            if (!engine.runs.prepare(connection)) {
                return null;
            }
            int abandoned = engine.runs.markAbandoned(connection);
            if (abandoned > 0) {
                log.info("{}marked {} earlier run(s) ABANDONED: their instance stopped while migrating", prefix, abandoned);
            }
            return engine.runs.start(connection, start(fromVersion));
        } catch (SQLException e) {
            log.debug("{}run history not written before migrating: {}", prefix, e.getMessage());
            return null;
        }
    }

    private @Nullable Long recordFinish(@Nullable Long runId, @Nullable String fromVersion, String outcome,
            @Nullable String toVersion, int applied, SnapshotStep.@Nullable Taken taken, @Nullable String error) {
        try (Connection connection = engine.connections.borrow()) {
            Long id = runId;
            if (id == null) {
                // Never be the first table in a schema Flyway has not initialised: it would refuse it next time.
                if (!engine.history.exists(connection) || !engine.runs.prepare(connection)) {
                    return null;
                }
                id = engine.runs.start(connection, start(fromVersion));
            }
            Snapshot snapshot = taken == null ? null : taken.snapshot();
            String snapshotFailure = taken == null || taken.failure() == null ? null
                    : "No snapshot (snapshot.required=false): " + taken.failure();
            engine.runs.finish(connection, id, outcome, toVersion, applied, snapshot == null ? null : snapshot.id(),
                    error != null ? error : snapshotFailure);
            engine.lastRun = engine.runs.latest(connection).orElse(null);
            return id;
        } catch (SQLException e) {
            log.warn("{}could not record the run in lockstep_runs: {}", prefix, engine.connections.redact(e.getMessage()));
            return runId;
        }
    }

    private RunHistory.Start start(@Nullable String fromVersion) {
        return new RunHistory.Start(engine.instance, engine.host, engine.appVersion, startedAt, fromVersion,
                lockWait.toMillis());
    }

    private MigrationReport report(Outcome outcome, SchemaState state, @Nullable String from, @Nullable String to,
            List<AppliedMigration> applied, @Nullable FailedMigration failed, @Nullable Long runId,
            SnapshotStep.@Nullable Taken taken, boolean restored) {
        return new MigrationReport(outcome, state, from, to, applied, lockWait, Duration.ofNanos(System.nanoTime() - started),
                failed, runId, engine.instance, taken == null ? null : taken.snapshot(),
                taken == null ? null : taken.failure(), restored);
    }

    private MigrationReport finish(MigrationReport report) {
        engine.listeners.each(l -> l.runFinished(report));
        return report;
    }

    private static String version(@Nullable Object version) {
        return version == null ? "<empty>" : "V" + version;
    }

    private static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }
}
