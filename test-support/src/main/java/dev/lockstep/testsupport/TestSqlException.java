package dev.lockstep.testsupport;

import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * A test helper's SQL failed. Unchecked, so that test code reads as plain assertions; it carries the SQL and the
 * driver's SQLSTATE, never a password.
 */
public final class TestSqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String sql;

    TestSqlException(String sql, String context, SQLException cause) {
        super(context + ": " + sql + " failed: " + cause.getMessage() + " (SQLSTATE " + cause.getSQLState() + ")",
                cause);
        this.sql = sql;
    }

    TestSqlException(String sql, String message) {
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
