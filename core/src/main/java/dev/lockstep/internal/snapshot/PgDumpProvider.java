package dev.lockstep.internal.snapshot;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepSettings;
import dev.lockstep.RestoreResult;
import dev.lockstep.RestoreStyle;
import dev.lockstep.Snapshot;
import dev.lockstep.SnapshotFailedException;
import dev.lockstep.internal.connect.Connections;
import dev.lockstep.spi.SnapshotProvider;
import dev.lockstep.spi.SnapshotRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The built-in provider: pg_dump into {@code snapshot.directory}, pg_restore to verify and restore. */
public final class PgDumpProvider implements SnapshotProvider {
    private final LockstepSettings settings;
    private final Connections connections;
    private final @Nullable String appVersion;

    public PgDumpProvider(LockstepSettings settings, Connections connections, @Nullable String appVersion) {
        this.settings = settings;
        this.connections = connections;
        this.appVersion = appVersion;
    }

    @Override
    public void preflight(SnapshotRequest request) {
        throw notYet();
    }

    @Override
    public Snapshot take(SnapshotRequest request) {
        throw notYet();
    }

    @Override
    public List<Snapshot> list() {
        return List.of();
    }

    @Override
    public Snapshot verify(String id) {
        throw notYet();
    }

    @Override
    public RestoreResult restore(String id, RestoreStyle style) {
        throw notYet();
    }

    private static SnapshotFailedException notYet() {
        return new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "pg_dump snapshots are not implemented yet.");
    }
}
