package dev.lockstep.internal.run;

import static dev.lockstep.LockstepSettings.MIGRATION_LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.MIGRATION_STATEMENT_TIMEOUT;
import static dev.lockstep.LockstepSettings.ON_FAILURE;

import dev.lockstep.AppliedMigration;
import dev.lockstep.FailedMigration;
import dev.lockstep.LintFinding;
import dev.lockstep.MigrationFailedException;
import dev.lockstep.MigrationReport;
import dev.lockstep.OnFailure;
import dev.lockstep.Outcome;
import dev.lockstep.SchemaState;
import dev.lockstep.SnapshotFailedException;
import dev.lockstep.internal.lock.AdvisoryLock;
import dev.lockstep.internal.status.Comparison;
import dev.lockstep.internal.status.ResolvedSet;
import dev.lockstep.spi.SnapshotRequest;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of a locked run that has migrations to apply: snapshot, migrate, record the run, report. A failed migration
 * is thrown as a {@link MigrationFailedException} that carries the report; it is not logged here, the caller decides.
 */
final class PendingRun {
    private static final Logger log = LoggerFactory.getLogger(PendingRun.class);

    private final Engine engine;
    private final RunPhase.Run phase;
    private final RunRecord record;
    private final String prefix;
    private final long started;
    private final Duration lockWait;
    private List<LintFinding> findings = List.of();

    PendingRun(Engine engine, RunPhase.Run phase, RunRecord record, String prefix, long started, Duration lockWait) {
        this.engine = engine;
        this.phase = phase;
        this.record = record;
        this.prefix = prefix;
        this.started = started;
        this.lockWait = lockWait;
    }

    MigrationReport apply(AdvisoryLock lock, ResolvedSet resolved, Comparison before, boolean flywayStarted)
            throws SQLException {
        new Preflight(engine, prefix).check();
        findings = new LintStep(engine, prefix).check(before);
        record.findings(findings);
        MigrationSession session = new MigrationSession(lock, engine.settings.get(MIGRATION_LOCK_TIMEOUT),
                engine.settings.get(MIGRATION_STATEMENT_TIMEOUT), engine.listeners);
        record.begin(flywayStarted);
        String target = resolved.target() == null ? null : resolved.target().getVersion();
        SnapshotStep snapshots = new SnapshotStep(engine, prefix);
        SnapshotStep.Taken taken = takeSnapshot(snapshots, before, target);
        log.info("{}migrating {} -> {}: {} pending", prefix, version(before.current()), version(target),
                before.pending().size());
        engine.callback.observe(session);
        try {
            MigrateResult result = new MigrationRunner(engine, session, prefix).migrate();
            String toVersion = result.targetSchemaVersion != null ? result.targetSchemaVersion : before.current();
            Long id = record.finish("MIGRATED", toVersion, session.applied().size(), taken, null);
            MigrationReport report = report(Outcome.MIGRATED, SchemaState.UP_TO_DATE, before.current(), toVersion,
                    session.applied(), null, id, taken, false);
            log.info("{}migrated {} -> {} in {} s ({} applied)", prefix, version(before.current()), version(toVersion),
                    seconds(report.duration()), report.applied().size());
            return report;
        } catch (MigrationRunner.Failure failure) {
            throw failed(before, session, failure, taken, snapshots);
        } finally {
            engine.callback.observe(null);
        }
    }

    private SnapshotStep.Taken takeSnapshot(SnapshotStep snapshots, Comparison before, @Nullable String target) {
        try {
            return snapshots.take(new SnapshotRequest(before.current(), target, engine.appVersion, engine.instance));
        } catch (SnapshotFailedException e) {
            record.finish("FAILED", before.current(), 0, null, e.getMessage());
            throw e;
        }
    }

    private MigrationFailedException failed(Comparison before, MigrationSession session, MigrationRunner.Failure failure,
            SnapshotStep.Taken taken, SnapshotStep snapshots) {
        FailedMigration failed = failure.failed();
        if (failed != null) {
            phase.failed(failed);
        }
        SnapshotStep.Restored restored = engine.settings.get(ON_FAILURE) == OnFailure.RESTORE && failed != null
                ? snapshots.restoreIfNeeded(failed, taken.snapshot())
                : SnapshotStep.Restored.NOT_TRIED;
        String message = failure.getMessage() + restored.note();
        List<AppliedMigration> applied = session.applied();
        String toVersion = restored.restored() || applied.isEmpty() ? before.current()
                : applied.get(applied.size() - 1).version();
        Long id = record.finish("FAILED", toVersion, applied.size(), taken, message);
        MigrationReport report = report(Outcome.FAILED, failed != null ? SchemaState.FAILED : before.state(),
                before.current(), toVersion, applied, failed, id, taken, restored.restored());
        MigrationFailedException exception = new MigrationFailedException(failure.code(), message, report,
                failure.getCause());
        if (restored.error() != null) {
            exception.addSuppressed(engine.connections.redact(restored.error()));
        }
        return exception;
    }

    private MigrationReport report(Outcome outcome, SchemaState state, @Nullable String from, @Nullable String to,
            List<AppliedMigration> applied, @Nullable FailedMigration failed, @Nullable Long runId,
            SnapshotStep.Taken taken, boolean restored) {
        return new MigrationReport(outcome, state, from, to, applied, lockWait, Duration.ofNanos(System.nanoTime() - started),
                failed, runId, engine.instance, taken.snapshot(), taken.failure(), restored, findings);
    }

    static String version(@Nullable Object version) {
        return version == null ? "<empty>" : "V" + version;
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }
}
