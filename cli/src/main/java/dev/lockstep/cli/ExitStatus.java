package dev.lockstep.cli;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import java.sql.SQLException;

/**
 * The CLI's exit codes, one per class of outcome, stable across releases (docs/cli.md lists them; a test keeps the
 * two equal). Every {@link ErrorCode} maps to one class here, in {@link #of(ErrorCode)} only.
 */
enum ExitStatus {
    /** The command did what it was asked. */
    OK(0, "success"),
    /** Something Lockstep did not expect: a bug, or a database error outside a migration. */
    FAILED(1, "unexpected error: a database error outside a migration, a bug"),
    /** A flag, a setting or the Flyway configuration is wrong; nothing was done. */
    USAGE(2, "usage or configuration: a bad flag or setting, no --url, no Java"),
    /** The database could not be reached, refused the credentials, or is not one Lockstep may write to. */
    CONNECTION(3, "connection, authentication or privileges: unreachable, credentials or privileges refused"),
    /** Another instance held the lock, or the schema did not reach the target, for longer than allowed. */
    TIMEOUT(4, "lock or wait timeout: lock.timeout or a table lock ran out"),
    /** A migration failed, or the schema history holds a failed or changed migration. */
    MIGRATION(5, "migration failed, or failed or changed in the history"),
    /** A snapshot could not be taken, is invalid or missing, or a restore failed or was refused. */
    SNAPSHOT(6, "snapshot failed, invalid or not found; restore failed or refused"),
    /** Migrations are pending: {@code validate}, and {@code status --fail-on-pending}. */
    PENDING(7, "pending migrations (validate, status --fail-on-pending)");

    private final int code;
    private final String meaning;

    ExitStatus(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    int code() {
        return code;
    }

    String meaning() {
        return meaning;
    }

    /**
     * The class of a core failure. A {@code DATABASE_ERROR} whose cause is a refused or failed connection (SQLSTATE
     * class 08 or 28, or 3D000: no such database) is a connection failure: reading the run history or the snapshots
     * reports those as database errors.
     */
    static ExitStatus of(LockstepException failure) {
        if (failure.code() == ErrorCode.DATABASE_ERROR) {
            for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && sql.getSQLState() != null
                        && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("28")
                                || sql.getSQLState().equals("3D000"))) {
                    return CONNECTION;
                }
            }
        }
        return of(failure.code());
    }

    /** The class of a core failure; a new {@link ErrorCode} does not compile until it is placed here. */
    static ExitStatus of(ErrorCode code) {
        return switch (code) {
            case INVALID_CONFIGURATION, UNSUPPORTED_DATABASE, LOCK_NOT_HELD -> USAGE;
            case CONNECTION_FAILED, AUTHENTICATION_FAILED, INSUFFICIENT_PRIVILEGE, DATABASE_READ_ONLY, LOCK_LOST -> CONNECTION;
            case LOCK_TIMEOUT, WAIT_TIMEOUT, MIGRATION_LOCK_TIMEOUT -> TIMEOUT;
            case MIGRATION_FAILED, FAILED_MIGRATION_IN_HISTORY, CHECKSUM_MISMATCH, INVALID_MIGRATIONS -> MIGRATION;
            case SNAPSHOT_FAILED, SNAPSHOT_INVALID, SNAPSHOT_NOT_FOUND, RESTORE_FAILED -> SNAPSHOT;
            case PENDING_MIGRATIONS -> PENDING;
            case DATABASE_ERROR -> FAILED;
        };
    }
}
