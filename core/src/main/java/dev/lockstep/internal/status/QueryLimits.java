package dev.lockstep.internal.status;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Lockstep's own bounds on its own short queries (status probes, reading the schema and run history), so that neither
 * a role's settings nor another session's table lock decide how they behave: a {@code statement_timeout} of 1 ms on
 * the role cannot cancel them, and an {@code ACCESS EXCLUSIVE} lock on the history table cannot block a probe for
 * longer than {@link #LOCK_TIMEOUT}.
 *
 * <p>The limits travel in the same round trip as the query: {@code set_config(..., true)} and the query are sent as one
 * multi-statement string, which PostgreSQL runs as one implicit transaction, so the limits end with it and the
 * connection (often the application's, borrowed from its pool) keeps its own settings.
 */
public final class QueryLimits {
    /** How long one of Lockstep's own queries waits for a table lock. */
    public static final Duration LOCK_TIMEOUT = Duration.ofSeconds(2);
    /** How long one of Lockstep's own queries may run. */
    public static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(10);

    private static final String PREFIX = "SELECT set_config('lock_timeout', '" + LOCK_TIMEOUT.toMillis()
            + "', true), set_config('statement_timeout', '" + STATEMENT_TIMEOUT.toMillis() + "', true); ";

    private QueryLimits() {}

    /** What a query does with its rows. */
    public interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** Runs {@code sql} (no parameters) within the limits and reads its rows. */
    public static <T> T query(Connection connection, String sql, Rows<T> reader) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(PREFIX + sql);
            if (!statement.getMoreResults()) {
                throw new SQLException("no result from: " + sql);
            }
            try (ResultSet rows = statement.getResultSet()) {
                return reader.read(rows);
            }
        }
    }

    /** The limits as a sentence part: "lock_timeout=2s and statement_timeout=10s". */
    public static String describe() {
        return "lock_timeout=" + LOCK_TIMEOUT.toSeconds() + "s and statement_timeout=" + STATEMENT_TIMEOUT.toSeconds() + "s";
    }
}
