package dev.lockstep;

/** How a snapshot is checked after pg_dump wrote it ({@code snapshot.verify}). */
public enum SnapshotVerify {
    /** {@code pg_restore --list}: the archive's table of contents is complete and readable. */
    LIST,
    /** Also read every entry's data through {@code pg_restore}: catches damage inside table data. */
    FULL
}
