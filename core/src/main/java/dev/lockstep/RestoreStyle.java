package dev.lockstep;

/** How a snapshot is restored. */
public enum RestoreStyle {
    /**
     * Restore into a fresh database, ANALYZE it, end the sessions on the target, then swap by renaming; the
     * replaced database is kept as {@code <db>_failed_<timestamp>}. Needs CREATEDB and ownership of the target.
     */
    SWAP,
    /** {@code pg_restore --clean --if-exists --single-transaction --exit-on-error} into the database itself. */
    IN_PLACE
}
