package dev.lockstep;

/** Where the built-in pg_dump provider keeps snapshots ({@code snapshot.storage}). */
public enum SnapshotStorage {
    /** Files in {@code snapshot.directory}. */
    LOCAL,
    /**
     * S3-compatible object storage ({@code snapshot.s3.*}), streamed with no local copy; needs the module
     * {@code dev.lockstep:lockstep-snapshot-s3} on the class path.
     */
    S3
}
