package dev.lockstep.internal.run;

import dev.lockstep.ErrorCode;
import dev.lockstep.FailedMigration;
import dev.lockstep.LockstepException;
import dev.lockstep.internal.status.Comparison;
import dev.lockstep.internal.status.HistoryRow;
import java.sql.SQLException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads what failed out of Flyway's exceptions and history rows. */
final class Failures {
    static final String LOCK_NOT_AVAILABLE = "55P03";
    static final String QUERY_CANCELED = "57014";

    private Failures() {}

    /** The first SQLException with a SQLSTATE in the cause chain: the database's own report. */
    static Optional<SQLException> sqlCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    /** A {@link LockstepException} raised inside Flyway (by our callback), if there is one. */
    static Optional<LockstepException> lockstepCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof LockstepException lockstep) {
                return Optional.of(lockstep);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    static @Nullable String sqlState(Throwable error) {
        return sqlCause(error).map(SQLException::getSQLState).orElse(null);
    }

    /** The database's message, first line only ("ERROR: column ... does not exist"), else Flyway's. */
    static String firstLine(Throwable error) {
        return firstLineOf(sqlCause(error).map(Throwable.class::cast).orElse(error));
    }

    /**
     * Why a migration failed: the database's message; else the exception Flyway wraps, which for a Java migration
     * that threw is its own ("the backfill found no rows"), where Flyway's says only "Migration failed !".
     */
    static String migrationFailure(Throwable error) {
        Throwable innermost = error;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        return firstLineOf(sqlCause(error).map(Throwable.class::cast).orElse(innermost));
    }

    private static String firstLineOf(Throwable error) {
        String message = error.getMessage();
        if (message == null) {
            return error.getClass().getSimpleName();
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).trim();
    }

    /**
     * The refusal for a history no run may go on from: a failed row Flyway recorded, or (when
     * {@code checkChecksums}) an applied migration whose file changed. Null when the history is sound.
     */
    static @Nullable LockstepException brokenHistory(Comparison comparison, String prefix, boolean checkChecksums) {
        FailedMigration failed = ofHistory(comparison.failedRow());
        if (failed != null) {
            return new LockstepException(ErrorCode.FAILED_MIGRATION_IN_HISTORY, prefix + failed.message());
        }
        if (checkChecksums && !comparison.mismatched().isEmpty()) {
            return new LockstepException(ErrorCode.CHECKSUM_MISMATCH, prefix + "Applied migration(s) "
                    + Messages.versions(comparison.mismatched()) + " differ from the files this application ships;"
                    + " nothing was migrated. Restore the original files (an applied migration must not change),"
                    + " or run flyway repair if the change was intended.");
        }
        return null;
    }

    /** A migration Flyway recorded as failed: it ran outside a transaction, so its changes stay. */
    static @Nullable FailedMigration ofHistory(@Nullable HistoryRow row) {
        if (row == null) {
            return null;
        }
        return new FailedMigration(row.version(), row.description(), null, "Flyway recorded "
                + (row.version() == null ? "'" + row.description() + "'" : "V" + row.version()) + " as failed: it ran"
                + " outside a transaction and its changes stay. Undo them by hand, remove the failed row with"
                + " flyway repair, fix the migration and start again.", true);
    }
}
