package dev.lockstep;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a restore did.
 *
 * @param snapshotId the snapshot restored
 * @param style how it was restored
 * @param database the database that now holds the snapshot's contents
 * @param keptAs with {@link RestoreStyle#SWAP}, the name the replaced database was kept under
 * @param duration the whole restore
 */
public record RestoreResult(String snapshotId, RestoreStyle style, String database, @Nullable String keptAs,
        Duration duration) {}
