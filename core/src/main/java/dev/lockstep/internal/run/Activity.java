package dev.lockstep.internal.run;

import dev.lockstep.FailedMigration;
import dev.lockstep.LockHolder;
import dev.lockstep.SchemaState;
import org.jspecify.annotations.Nullable;

/**
 * What this instance is doing, as status probes see it: nothing (the database decides the state), waiting for
 * the lock, migrating, or failed in its last run (which stays until a later run succeeds).
 */
record Activity(@Nullable SchemaState state, @Nullable LockHolder holder, @Nullable FailedMigration failed) {
    static final Activity IDLE = new Activity(null, null, null);
    static final Activity MIGRATING = new Activity(SchemaState.MIGRATING, null, null);

    static Activity waiting(@Nullable LockHolder holder) {
        return new Activity(SchemaState.WAITING_FOR_LOCK, holder, null);
    }

    static Activity failed(FailedMigration failed) {
        return new Activity(SchemaState.FAILED, null, failed);
    }
}
