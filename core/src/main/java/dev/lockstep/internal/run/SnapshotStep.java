package dev.lockstep.internal.run;

import static dev.lockstep.LockstepSettings.SNAPSHOT_ENABLED;
import static dev.lockstep.LockstepSettings.SNAPSHOT_REQUIRED;

import dev.lockstep.ErrorCode;
import dev.lockstep.FailedMigration;
import dev.lockstep.LockstepException;
import dev.lockstep.RestoreStyle;
import dev.lockstep.Snapshot;
import dev.lockstep.SnapshotFailedException;
import dev.lockstep.spi.SnapshotRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot before migrating (DESIGN steps 5 and 6) and the restore after a failed migration
 * ({@code on-failure=restore}). The run talks to the {@link dev.lockstep.spi.SnapshotProvider} only through here,
 * whichever provider it is.
 */
final class SnapshotStep {
    private static final Logger log = LoggerFactory.getLogger(SnapshotStep.class);

    /** A snapshot, or why there is none although one was wanted. */
    record Taken(@Nullable Snapshot snapshot, @Nullable String failure) {}

    private final Engine engine;
    private final String prefix;

    SnapshotStep(Engine engine, String prefix) {
        this.engine = engine;
        this.prefix = prefix;
    }

    /**
     * Takes the snapshot. A failure stops the run (before any migration) while {@code snapshot.required} is
     * true; otherwise it is logged and returned, and the run migrates without a snapshot.
     */
    Taken take(SnapshotRequest request) {
        if (!engine.settings.get(SNAPSHOT_ENABLED)) {
            return new Taken(null, null);
        }
        try {
            engine.snapshotProvider().preflight(request);
            return new Taken(engine.snapshotProvider().take(request), null);
        } catch (RuntimeException e) {
            String reason = e instanceof LockstepException ? e.getMessage()
                    : "the snapshot provider failed: " + engine.connections.redact(String.valueOf(e));
            if (engine.settings.get(SNAPSHOT_REQUIRED)) {
                throw new SnapshotFailedException(e instanceof LockstepException failure ? failure.code()
                        : ErrorCode.SNAPSHOT_FAILED, prefix + "No migration was applied because the snapshot before"
                        + " migrating failed (snapshot.required=true): " + reason, engine.connections.redact(e));
            }
            log.warn("{}migrating without a snapshot (snapshot.required=false): {}", prefix, reason);
            return new Taken(null, reason);
        }
    }

    /**
     * After a failed migration: restores the snapshot in place when the failure left changes behind, that is, when
     * the migration ran outside a transaction and could not roll back. A failed transactional migration rolled back
     * already; restoring then would only lose writes made since the snapshot. Returns what to add to the failure
     * message, whether it restored, and why restoring failed (for the thrown failure, not for a log line).
     */
    Restored restoreIfNeeded(FailedMigration failed, @Nullable Snapshot snapshot) {
        if (!failed.leftChanges()) {
            log.info("{}on-failure=restore: nothing needed restoring, the failed migration was rolled back", prefix);
            return new Restored(false, " Nothing needed restoring (on-failure=restore): the failed migration ran in a"
                    + " transaction and was rolled back.", null);
        }
        if (snapshot == null) {
            return new Restored(false, " The failed migration left changes behind, but there is no snapshot to restore"
                    + " (on-failure=restore needs a snapshot of this run): repair by hand, see docs/runbook-restore.md.",
                    null);
        }
        try {
            engine.snapshotProvider().restore(snapshot.id(), RestoreStyle.IN_PLACE);
            return new Restored(true, " The failed migration left changes behind, so snapshot " + snapshot.id()
                    + " was restored in place (on-failure=restore): the database is as it was before this run.", null);
        } catch (RuntimeException e) {
            return new Restored(false, " Restoring snapshot " + snapshot.id() + " failed too: " + engine.connections.redact(e.getMessage()), e);
        }
    }

    record Restored(boolean restored, String note, @Nullable RuntimeException error) {
        static final Restored NOT_TRIED = new Restored(false, "", null);
    }
}
