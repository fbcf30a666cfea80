package dev.lockstep.spi;

import org.jspecify.annotations.Nullable;

/**
 * What the run knows when it asks for a snapshot.
 *
 * @param fromVersion the schema version now; null for an empty schema
 * @param targetVersion the version the run is about to migrate to
 * @param appVersion the application's version, when configured
 * @param instance the instance taking the snapshot
 */
public record SnapshotRequest(@Nullable String fromVersion, @Nullable String targetVersion,
        @Nullable String appVersion, String instance) {}
