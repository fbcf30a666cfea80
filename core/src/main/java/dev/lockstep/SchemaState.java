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
    /** The database could not be reached. */
    UNREACHABLE
}
