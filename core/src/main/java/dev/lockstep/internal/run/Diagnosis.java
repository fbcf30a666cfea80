package dev.lockstep.internal.run;

import dev.lockstep.internal.connect.Connections;
import dev.lockstep.internal.status.QueryLimits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * The sentence that names the cause behind a database error a user would otherwise meet as a bare SQLSTATE: a
 * {@code statement_timeout} set on the role, another session's lock on a table Lockstep reads, a missing privilege, a
 * read-only database. It asks the database once more (on a fresh connection) for what it needs to say so; when that
 * fails too, it says less, never more.
 */
final class Diagnosis {
    static final String QUERY_CANCELED = "57014";
    static final String LOCK_NOT_AVAILABLE = "55P03";
    static final String INSUFFICIENT_PRIVILEGE = "42501";
    static final String READ_ONLY_TRANSACTION = "25006";

    private final Connections connections;

    Diagnosis(Connections connections) {
        this.connections = connections;
    }

    /** A hint (starting with a space) for an error Lockstep's or Flyway's own queries met; empty when there is none. */
    String hint(@Nullable String sqlState, String table) {
        if (QUERY_CANCELED.equals(sqlState)) {
            return statementTimeout();
        }
        if (LOCK_NOT_AVAILABLE.equals(sqlState)) {
            return " Another session holds a lock on " + table + ", and Lockstep's own queries wait at most "
                    + QueryLimits.describe() + ": " + lockHolders(table) + ". End that session's transaction, or"
                    + " wait for it.";
        }
        if (INSUFFICIENT_PRIVILEGE.equals(sqlState)) {
            return " The database user lacks a privilege on " + table + ": GRANT SELECT, INSERT, UPDATE, DELETE ON "
                    + table + " TO <user>, or run Lockstep as the owner of the schema.";
        }
        if (READ_ONLY_TRANSACTION.equals(sqlState)) {
            return " The database is read-only (or a standby): point the datasource at the primary, or turn"
                    + " default_transaction_read_only off for this user (ALTER ROLE <user> RESET"
                    + " default_transaction_read_only).";
        }
        return "";
    }

    /** For a failed migration: the GRANT a missing privilege needs, or that the database is read-only; else empty. */
    String privilegeOrReadOnly(@Nullable String sqlState) {
        if (INSUFFICIENT_PRIVILEGE.equals(sqlState)) {
            return " The database user lacks a privilege this migration needs: GRANT it (for objects in a schema:"
                    + " GRANT CREATE ON SCHEMA <schema> TO <user>), or run the migrations as the owner of the objects"
                    + " they change.";
        }
        return READ_ONLY_TRANSACTION.equals(sqlState) ? hint(sqlState, "") : "";
    }

    /** Where the {@code statement_timeout} that canceled a query comes from, with the command that removes it. */
    private String statementTimeout() {
        try (Connection connection = connections.borrow();
                PreparedStatement statement = connection.prepareStatement("SELECT current_setting('statement_timeout'),"
                        + " (SELECT source FROM pg_settings WHERE name = 'statement_timeout'), current_user");
                ResultSet row = statement.executeQuery()) {
            row.next();
            String value = row.getString(1);
            String source = row.getString(2);
            String user = row.getString(3);
            String where = switch (source == null ? "" : source) {
                case "user" -> "set on the role " + user + " (ALTER ROLE " + user + " SET statement_timeout); remove it"
                        + " with ALTER ROLE " + user + " RESET statement_timeout, or raise it";
                case "database" -> "set on the database (ALTER DATABASE ... SET statement_timeout); raise or reset it";
                case "database user" -> "set on the role for this database (ALTER ROLE " + user + " IN DATABASE ..."
                        + " SET statement_timeout); raise or reset it";
                case "configuration file" -> "set in postgresql.conf; raise it there, or for this role (ALTER ROLE "
                        + user + " SET statement_timeout = '5min')";
                default -> "set by " + (source == null ? "an unknown source" : source) + "; raise it for this role"
                        + " (ALTER ROLE " + user + " SET statement_timeout = '5min')";
            };
            return " PostgreSQL canceled the query after statement_timeout=" + value + ", " + where + "."
                    + " Lockstep bounds its own queries and gives each migration migration.statement-timeout, but"
                    + " Flyway's own queries run with the role's setting.";
        } catch (SQLException e) {
            return " PostgreSQL canceled the query: check statement_timeout for this user (SHOW statement_timeout).";
        }
    }

    /** The sessions holding a lock on the table, as "pid 42 (application_name 'psql', idle in transaction)". */
    private String lockHolders(String table) {
        try (Connection connection = connections.borrow();
                PreparedStatement statement = connection.prepareStatement("SELECT string_agg('pid ' || a.pid || ' ('"
                        + " || coalesce(nullif(a.application_name, ''), 'no application_name') || ', ' || coalesce(a.state, '?')"
                        + " || ', ' || l.mode || ')', '; ') FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                        + " WHERE l.granted AND l.relation = to_regclass(?)")) {
            statement.setString(1, table);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                String holders = row.getString(1);
                return holders == null ? "it has let go since" : "held by " + holders;
            }
        } catch (SQLException e) {
            return "PostgreSQL did not say who holds it (" + connections.redact(e.getMessage()) + ")";
        }
    }
}
