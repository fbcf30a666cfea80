package dev.lockstep.internal.status;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads Flyway's schema history table, within {@link QueryLimits}; a table or schema that does not exist yet reads as
 * empty.
 */
public final class HistoryTable {
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String INVALID_SCHEMA = "3F000";

    private final String qualifiedName;

    /** @param schema the schema, or null for the connection's current schema (as Flyway does) */
    public HistoryTable(@Nullable String schema, String table) {
        this.qualifiedName = schema == null ? quote(table) : quote(schema) + "." + quote(table);
    }

    /**
     * A summary of the whole table in one cheap aggregate: it changes whenever a row is added, removed, marked
     * failed or re-checksummed (Flyway repair), so an unchanged fingerprint means an unchanged comparison.
     */
    public record Fingerprint(long rows, long maxRank, long checksumSum, long failed) {
        static final Fingerprint EMPTY = new Fingerprint(0, 0, 0, 0);
    }

    public Fingerprint fingerprint(Connection connection) throws SQLException {
        String sql = "SELECT count(*), coalesce(max(installed_rank), 0), coalesce(sum(checksum), 0),"
                + " count(*) FILTER (WHERE NOT success) FROM " + qualifiedName;
        try {
            return QueryLimits.query(connection, sql, row -> {
                row.next();
                return new Fingerprint(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
            });
        } catch (SQLException e) {
            if (isMissing(e)) {
                rollbackIfInTransaction(connection);
                return Fingerprint.EMPTY;
            }
            throw e;
        }
    }

    public List<HistoryRow> read(Connection connection) throws SQLException {
        String sql = "SELECT installed_rank, version, description, type, checksum, success FROM " + qualifiedName
                + " ORDER BY installed_rank";
        try {
            return QueryLimits.query(connection, sql, row -> {
                List<HistoryRow> rows = new ArrayList<>();
                while (row.next()) {
                    rows.add(new HistoryRow(row.getInt(1), row.getString(2), row.getString(3), row.getString(4),
                            row.getObject(5, Integer.class), row.getBoolean(6)));
                }
                return rows;
            });
        } catch (SQLException e) {
            if (isMissing(e)) {
                rollbackIfInTransaction(connection);
                return List.of();
            }
            throw e;
        }
    }

    /** Whether Flyway has created its history table. */
    public boolean exists(Connection connection) throws SQLException {
        return exists(connection, qualifiedName);
    }

    /** Whether a table, named as SQL would ({@code "schema"."table"}), exists. */
    public static boolean exists(Connection connection, String qualifiedName) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, qualifiedName);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    public String qualifiedName() {
        return qualifiedName;
    }

    /** A quoted SQL identifier. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static boolean isMissing(SQLException e) {
        return UNDEFINED_TABLE.equals(e.getSQLState()) || INVALID_SCHEMA.equals(e.getSQLState());
    }

    private static void rollbackIfInTransaction(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.rollback();
        }
    }
}
