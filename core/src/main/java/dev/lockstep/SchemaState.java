package dev.lockstep;

/** Where the schema stands relative to the migrations this application ships. */
public enum SchemaState {
    /** Every migration this application ships is applied. */
    UP_TO_DATE,
    /** Migrations are waiting to be applied. */
    PENDING,
    /** This instance waits for another instance's run to finish. */
    WAITING_FOR_LOCK,
    /** This instance is applying migrations now. */
    MIGRATING,
    /** A migration failed; the status names it. */
    FAILED,
    /** The database has migrations this application does not know: it was rolled back onto a newer schema. */
    AHEAD_OF_APP,
    /** An applied migration differs from the file this application ships. */
    CHECKSUM_MISMATCH,
    /**
     * The migrations this application ships cannot be used: Flyway cannot resolve them (two files with one version)
     * or, on an empty schema, its locations match no migration at all (a typo). The message names the files or the
     * locations. Health DOWN.
     */
    INVALID_MIGRATIONS,
    /**
     * The database answered, but where the schema stands could not be read: another session holds a lock on the
     * history table longer than a probe waits, or a probe query was refused (a missing privilege). The message says
     * why. Health DOWN.
     */
    UNKNOWN,
    /** The database could not be reached. */
    UNREACHABLE
}
