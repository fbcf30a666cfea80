package dev.lockstep;

/** What kind of failure a {@link LockstepException} reports; branch on this, never on message text. */
public enum ErrorCode {
    /** A setting has a value Lockstep cannot use. */
    INVALID_CONFIGURATION,
    /**
     * The DataSource leads to a database that is not PostgreSQL (H2, MySQL, ...): Lockstep runs on PostgreSQL only.
     * Found at the first connection, before anything is read or written.
     */
    UNSUPPORTED_DATABASE,
    /** The database did not accept a connection within {@code connect-timeout}. */
    CONNECTION_FAILED,
    /** The database refused the credentials. */
    AUTHENTICATION_FAILED,
    /**
     * The database user lacks a privilege the run needs: CONNECT on the database, CREATE on the schema Flyway
     * migrates; found before any snapshot or migration.
     */
    INSUFFICIENT_PRIVILEGE,
    /** The database accepts no writes: {@code default_transaction_read_only} is on, or it is a standby. */
    DATABASE_READ_ONLY,
    /**
     * The migrations this application ships cannot be applied as they are: Flyway cannot resolve them (two files
     * with one version), its validation refuses them against the history (a migration deleted, or one added below
     * the applied version without {@code outOfOrder}), or the locations match no migration at all.
     */
    INVALID_MIGRATIONS,
    /** Another instance held the lock for longer than {@code lock.timeout}. */
    LOCK_TIMEOUT,
    /** The lock was granted to a different server session than ours (a pooler in transaction mode). */
    LOCK_NOT_HELD,
    /** The connection holding the lock was lost during the run. */
    LOCK_LOST,
    /** A migration failed. */
    MIGRATION_FAILED,
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
    /**
     * A snapshot must not be restored: it is damaged (its manifest cannot be read or does not match its name, its
     * archive is missing or not a plain file), or its archive does not match its manifest or cannot be read. Also a
     * new archive that could not be read back (it is deleted, and no migration runs).
     */
    SNAPSHOT_INVALID,
    /** No snapshot of this database with the given id in {@code snapshot.directory}. */
    SNAPSHOT_NOT_FOUND,
    /** A restore did not complete; the message says what state the database was left in. */
    RESTORE_FAILED,
    /** An unexpected database error outside a migration. */
    DATABASE_ERROR
}
