package dev.lockstep;

import org.jspecify.annotations.Nullable;

/** A snapshot could not be taken, verified or restored; the message names the fix. */
public final class SnapshotFailedException extends LockstepException {
    private static final long serialVersionUID = 1L;

    public SnapshotFailedException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public SnapshotFailedException(ErrorCode code, String message, @Nullable Throwable cause) {
        super(code, message, cause);
    }
}
