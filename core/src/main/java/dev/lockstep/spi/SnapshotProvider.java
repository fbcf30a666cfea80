package dev.lockstep.spi;

import dev.lockstep.RestoreResult;
import dev.lockstep.RestoreStyle;
import dev.lockstep.Snapshot;
import java.util.List;

/**
 * Takes and restores snapshots of the database. The built-in provider runs {@code pg_dump} and
 * {@code pg_restore}; another provider (a cloud volume snapshot, a managed-database backup API) plugs in
 * through {@code Lockstep.Builder.snapshotProvider(...)}. The run calls {@link #preflight} and {@link #take}
 * under the lock, only when migrations are pending. Failures are thrown as {@code SnapshotFailedException}
 * with a message that names the fix; messages never contain a password.
 */
public interface SnapshotProvider {

    /** Checks cheaply that {@link #take} can work (binaries, versions, space), before anything is written. */
    void preflight(SnapshotRequest request);

    /** Takes, verifies and keeps a snapshot, then applies retention. */
    Snapshot take(SnapshotRequest request);

    /**
     * The snapshots this provider keeps, newest first, with those it cannot trust marked by {@link Snapshot#damage()}.
     */
    List<Snapshot> list();

    /** Checks one snapshot's integrity again; throws when it must not be restored. */
    Snapshot verify(String id);

    /** Restores a verified snapshot into the database it was taken from. */
    RestoreResult restore(String id, RestoreStyle style);
}
