package dev.lockstep.spi;

import dev.lockstep.AppliedMigration;
import dev.lockstep.LockHolder;
import dev.lockstep.LockstepException;
import dev.lockstep.MigrationReport;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Hears the events of a startup run, for logs, metrics or tests. Methods are called on the thread that runs
 * the migration; an exception thrown here is logged and never stops the run.
 */
public interface MigrationListener {

    /** Another instance holds the lock; called when the wait starts and about every 10 s while it lasts. */
    default void lockWaiting(LockHolder holder) {}

    /**
     * This instance holds the lock now, after waiting {@code waited}. Not called when it waited and found, as the
     * holder let go, that the holder had left nothing to do: the run then ends without the lock.
     */
    default void lockAcquired(Duration waited) {}

    /** A migration is about to be applied. */
    default void migrationStarting(@Nullable String version, String description) {}

    /** A migration was applied and committed. */
    default void migrationApplied(AppliedMigration migration) {}

    /**
     * A migration gave up waiting for a table lock ({@code migration.lock-timeout}) and was rolled back; it is
     * tried again after a pause. {@code attempt} counts from 1; {@code spent} is the time since the first try.
     */
    default void migrationLockRetry(@Nullable String version, String description, int attempt, Duration spent) {}

    /**
     * The run ended with a report: it migrated, found nothing to do, validated, waited, was skipped, or a
     * migration failed ({@code report.outcome()} is FAILED). Failures before any migration could start are
     * reported to {@link #runFailed} instead.
     */
    default void runFinished(MigrationReport report) {}

    /**
     * The run failed before it could report: no connection, lock timeout, a broken history, a failed snapshot.
     * {@code migrate()} throws the same exception after this call.
     */
    default void runFailed(LockstepException failure, Duration duration) {}
}
