package dev.lockstep;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where the schema stands, as a health check or the {@code lockstep status} command shows it.
 *
 * @param state the state
 * @param health the state mapped onto a health check (see {@link #healthOf})
 * @param currentVersion the newest applied version, null on an empty schema
 * @param targetVersion the newest version this application ships
 * @param pending the versions (or descriptions, for repeatable migrations) waiting to be applied
 * @param failed the failed migration, when {@code state} is {@code FAILED}
 * @param lastRun the newest row of the run history, if any
 * @param lockHolder the session this instance waits for, when {@code state} is {@code WAITING_FOR_LOCK}
 * @param message a sentence for people: what is wrong and what fixes it; empty when all is well
 * @param checkedAt when this status was taken
 */
public record SchemaStatus(
        SchemaState state,
        Health health,
        @Nullable String currentVersion,
        @Nullable String targetVersion,
        List<String> pending,
        @Nullable FailedMigration failed,
        @Nullable RunSummary lastRun,
        @Nullable LockHolder lockHolder,
        String message,
        Instant checkedAt) {

    public SchemaStatus {
        pending = List.copyOf(pending);
    }

    /** How many migrations are pending. */
    public int pendingCount() {
        return pending.size();
    }

    /**
     * The health a state maps to: UP_TO_DATE is UP; AHEAD_OF_APP is UP unless {@code health.ahead-of-app} is
     * {@code down}; PENDING, WAITING_FOR_LOCK and MIGRATING are OUT_OF_SERVICE; FAILED, CHECKSUM_MISMATCH,
     * INVALID_MIGRATIONS, UNKNOWN and UNREACHABLE are DOWN.
     */
    public static Health healthOf(SchemaState state, Health aheadOfApp) {
        return switch (state) {
            case UP_TO_DATE -> Health.UP;
            case AHEAD_OF_APP -> aheadOfApp;
            case PENDING, WAITING_FOR_LOCK, MIGRATING -> Health.OUT_OF_SERVICE;
            case FAILED, CHECKSUM_MISMATCH, INVALID_MIGRATIONS, UNKNOWN, UNREACHABLE -> Health.DOWN;
        };
    }
}
