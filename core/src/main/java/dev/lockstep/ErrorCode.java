package dev.lockstep;

/** What kind of failure a {@link LockstepException} reports; branch on this, never on message text. */
public enum ErrorCode {
    /** A setting has a value Lockstep cannot use. */
    INVALID_CONFIGURATION,
    /** The database did not accept a connection within {@code connect-timeout}. */
    CONNECTION_FAILED,
    /** The database refused the credentials. */
    AUTHENTICATION_FAILED,
    /** Another instance held the lock for longer than {@code lock.timeout}. */
    LOCK_TIMEOUT,
    /** The lock was granted to a different server session than ours (a pooler in transaction mode). */
    LOCK_NOT_HELD,
    /** The connection holding the lock was lost during the run. */
    LOCK_LOST,
    /** A migration failed. */
    MIGRATION_FAILED,
    /**
     * {@code lint.policy=fail}: a pending migration has an ERROR finding no {@code -- lockstep:allow} comment allows;
     * nothing was changed, no snapshot taken.
     */
    LINT_FAILED,
    /** A migration kept timing out waiting for a table lock until {@code migration.lock-retry-budget} ran out. */
    MIGRATION_LOCK_TIMEOUT,
    /** {@code mode=validate} found pending migrations. */
    PENDING_MIGRATIONS,
    /** An applied migration differs from the file the application ships. */
    CHECKSUM_MISMATCH,
    /** The schema history holds a failed migration that must be repaired first. */
    FAILED_MIGRATION_IN_HISTORY,
    /** {@code mode=wait}: the schema did not reach this application's target within {@code lock.timeout}. */
    WAIT_TIMEOUT,
    /** The snapshot before migrating could not be taken: pg_dump missing, too old, failed, timed out, no room. */
    SNAPSHOT_FAILED,
    /** A snapshot's archive does not match its manifest or cannot be read: it must not be restored. */
    SNAPSHOT_INVALID,
    /** No snapshot with the given id in {@code snapshot.directory}. */
    SNAPSHOT_NOT_FOUND,
    /** A restore did not complete; the message says what state the database was left in. */
    RESTORE_FAILED,
    /** An unexpected database error outside a migration. */
    DATABASE_ERROR
}
