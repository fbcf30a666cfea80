package dev.lockstep;

import org.jspecify.annotations.Nullable;

/** A run failed while migrating; {@link #report()} says what was applied before it and what failed. */
public final class MigrationFailedException extends LockstepException {
    private static final long serialVersionUID = 1L;

    private final transient MigrationReport report;

    /**
     * @param code what kind of failure this is
     * @param message what happened, why, and what fixes it
     * @param report the run up to the failure
     * @param cause the underlying failure, if any
     */
    public MigrationFailedException(ErrorCode code, String message, MigrationReport report, @Nullable Throwable cause) {
        super(code, message, cause);
        this.report = report;
    }

    /** The failed run: what was applied before the failure, the failed migration, the snapshot, the restore. */
    public MigrationReport report() {
        return report;
    }
}
