package dev.lockstep.embedded;

import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * SQL run through an {@link EmbeddedDatabase} helper failed. Unchecked, so that setup code and tests read plainly; it
 * carries the SQL and the driver's SQLSTATE, never a password.
 */
public final class EmbeddedSqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String sql;

    EmbeddedSqlException(String sql, String context, SQLException cause) {
        super(context + ": " + sql + " failed: " + cause.getMessage() + " (SQLSTATE " + cause.getSQLState() + ")",
                cause);
        this.sql = sql;
    }

    EmbeddedSqlException(String sql, String message) {
        super(message);
        this.sql = sql;
    }

    /** The statement that failed (or the operation, such as connecting). */
    public String sql() {
        return sql;
    }

    /** The SQLSTATE the server or driver reported, if any. */
    public @Nullable String sqlState() {
        return getCause() instanceof SQLException sqlException ? sqlException.getSQLState() : null;
    }
}
