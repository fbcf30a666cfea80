package dev.lockstep.internal.run;

import dev.lockstep.ErrorCode;
import dev.lockstep.RestoreResult;
import dev.lockstep.RestoreStyle;
import dev.lockstep.Snapshot;
import dev.lockstep.SnapshotFailedException;

/** Snapshot operations outside the startup run: a snapshot on demand, and restore. */
final class SnapshotRuns {
    private final Engine engine;

    SnapshotRuns(Engine engine) {
        this.engine = engine;
    }

    Snapshot takeNow() {
        throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "not implemented yet");
    }

    RestoreResult restore(String id, RestoreStyle style, String confirmDatabase) {
        throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "not implemented yet");
    }
}
