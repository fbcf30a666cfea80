package dev.lockstep.internal.run;

import dev.lockstep.FailedMigration;
import dev.lockstep.LockHolder;

/**
 * What this instance is doing, as {@code status()} reports it, and the one place that changes it. A run changes it
 * only through the {@link Run} it opens, and closing the run (try-with-resources, so on every path out of it) settles
 * it: back to what the database says, or FAILED when the run ended in a failed migration. No exception, wherever it
 * comes from, can leave an instance reporting WAITING_FOR_LOCK or MIGRATING after its run.
 */
final class RunPhase {
    private volatile Activity activity = Activity.IDLE;

    /** What status probes see now. */
    Activity now() {
        return activity;
    }

    /** Opens a run; close it when the run ends. */
    Run start() {
        return new Run();
    }

    /** One run's hold on the phase. */
    final class Run implements AutoCloseable {
        private Activity settled = Activity.IDLE;

        void waitingFor(LockHolder holder) {
            activity = Activity.waiting(holder);
        }

        void waiting() {
            activity = Activity.waiting(null);
        }

        void migrating() {
            activity = Activity.MIGRATING;
        }

        /** The run failed in this migration: FAILED from now on, and after the run until a later one settles. */
        void failed(FailedMigration migration) {
            settled = Activity.failed(migration);
            activity = settled;
        }

        @Override
        public void close() {
            activity = settled;
        }
    }
}
