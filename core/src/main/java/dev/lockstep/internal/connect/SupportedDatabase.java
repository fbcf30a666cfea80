package dev.lockstep.internal.connect;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * Lockstep runs on PostgreSQL only: its lock, status and snapshots are PostgreSQL's advisory locks, catalogs and
 * pg_dump. The first connection of a run is asked which database it leads to (the driver's metadata, no query), so
 * that an application on H2 or MySQL hears exactly that instead of a connection failure from the first
 * PostgreSQL-only statement.
 */
public final class SupportedDatabase {
    /** What every PostgreSQL JDBC driver (pgjdbc and the drivers built on it) reports as the product. */
    static final String POSTGRESQL = "PostgreSQL";

    private SupportedDatabase() {}

    /**
     * Returns the connection when it leads to PostgreSQL; otherwise closes it and throws UNSUPPORTED_DATABASE.
     *
     * @param target the database as messages may show it (a redacted URL or the DataSource's class)
     */
    public static Connection require(Connection connection, String target) throws SQLException {
        DatabaseMetaData metaData;
        String product;
        try {
            metaData = connection.getMetaData();
            product = metaData.getDatabaseProductName();
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        if (POSTGRESQL.equals(product)) {
            return connection;
        }
        String found = describe(product, version(metaData));
        connection.close(); // nothing else is asked of a database Lockstep cannot run on
        throw new LockstepException(ErrorCode.UNSUPPORTED_DATABASE, "The database behind " + target + " is " + found
                + ", not PostgreSQL: Lockstep runs on PostgreSQL 12 and later only (its lock, status and snapshots"
                + " are PostgreSQL's advisory locks, catalogs and pg_dump). Point Lockstep at a PostgreSQL datasource,"
                + " or turn it off for this one (enabled=false) and migrate it with Flyway alone.");
    }

    private static String describe(String product, String version) {
        String name = product == null || product.isBlank() ? "a database its driver does not name" : product.strip();
        return version.isEmpty() ? name : name + " " + version;
    }

    private static String version(DatabaseMetaData metaData) {
        try {
            String version = metaData.getDatabaseProductVersion();
            return version == null ? "" : version.strip();
        } catch (SQLException | RuntimeException e) {
            return "";
        }
    }
}
