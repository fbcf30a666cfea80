package dev.lockstep.internal.snapshot;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What a snapshot needs to know of the server: the database, its version and its size. */
record ServerInfo(String database, String version, int major, long databaseBytes) {

    static ServerInfo of(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT current_database(), current_setting('server_version'),"
                        + " current_setting('server_version_num')::int / 10000, pg_database_size(current_database())")) {
            row.next();
            return new ServerInfo(row.getString(1), row.getString(2), row.getInt(3), row.getLong(4));
        }
    }
}
