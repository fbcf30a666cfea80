package dev.lockstep;

import org.jspecify.annotations.Nullable;

/** A run failed while migrating; {@link #report()} says what was applied before it and what failed. */
public final class MigrationFailedException extends LockstepException {
    private static final long serialVersionUID = 1L;

    private final transient MigrationReport report;

    public MigrationFailedException(ErrorCode code, String message, MigrationReport report, @Nullable Throwable cause) {
        super(code, message, cause);
        this.report = report;
    }

    public MigrationReport report() {
        return report;
    }
}
