package dev.lockstep;

import dev.lockstep.internal.run.Engine;
import java.util.List;

/**
 * The snapshots of one Lockstep instance's database: list, take, verify and restore them. From
 * {@link Lockstep#snapshots()}; the same operations back the {@code lockstep snapshots} command and the runbook in
 * docs/runbook-restore.md.
 */
public final class Snapshots {
    private final Engine engine;

    Snapshots(Engine engine) {
        this.engine = engine;
    }

    /**
     * The kept snapshots, newest first, as their manifests describe them; a snapshot whose files cannot be trusted is
     * listed too, with the reason in {@link Snapshot#damage()}.
     */
    public List<Snapshot> list() {
        return engine.snapshotProvider().list();
    }

    /** Takes a snapshot now, outside a run (under the Lockstep lock, so no migration runs meanwhile). */
    public Snapshot take() {
        return engine.takeSnapshot();
    }

    /**
     * Checks a snapshot's SHA-256 against its manifest and reads its table of contents again.
     *
     * @throws SnapshotFailedException {@link ErrorCode#SNAPSHOT_INVALID} when it must not be restored (the message says
     *     why, and which snapshot to restore instead; the files are left as they are),
     *     {@link ErrorCode#SNAPSHOT_NOT_FOUND} when no snapshot of this database has this id
     */
    public Snapshot verify(String id) {
        return engine.snapshotProvider().verify(id);
    }

    /**
     * Restores a snapshot over the database it was taken from. Every write since the snapshot is lost, so the
     * caller confirms by naming the database: {@code restore(id, RestoreStyle.SWAP, "orders")}.
     *
     * @param confirmDatabase the name of the database being replaced; anything else refuses the restore
     * @throws SnapshotFailedException when the confirmation does not match, the snapshot fails verification, or
     *     the restore fails (the message says what state the database was left in)
     */
    public RestoreResult restore(String id, RestoreStyle style, String confirmDatabase) {
        return engine.restore(id, style, confirmDatabase);
    }
}
