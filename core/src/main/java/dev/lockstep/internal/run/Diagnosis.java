package dev.lockstep.internal.run;

import dev.lockstep.internal.connect.Connections;
import dev.lockstep.internal.status.QueryLimits;
import java.sql.Connection;
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

    /**
     * Where the {@code statement_timeout} that canceled a query comes from, with the command that removes it. Asked
     * within {@link QueryLimits}, so that the role's own setting cannot cancel the question.
     */
    private String statementTimeout() {
        String setOn = "EXISTS (SELECT 1 FROM pg_db_role_setting d, unnest(d.setconfig) c WHERE c LIKE"
                + " 'statement_timeout=%%' AND d.setrole = %s AND d.setdatabase = %s)";
        String role = "(SELECT oid FROM pg_roles WHERE rolname = current_user)";
        String database = "(SELECT oid FROM pg_database WHERE datname = current_database())";
        String sql = "SELECT s.reset_val || coalesce(s.unit, ''), current_user, " + setOn.formatted(role, database)
                + ", " + setOn.formatted(role, "0") + ", " + setOn.formatted("0", database)
                + " FROM pg_settings s WHERE s.name = 'statement_timeout'";
        try (Connection connection = connections.borrow()) {
            return QueryLimits.query(connection, sql, row -> {
                row.next();
                String value = row.getString(1);
                String user = row.getString(2);
                String where = row.getBoolean(3) ? "set on the role " + user + " for this database (ALTER ROLE " + user
                                + " IN DATABASE ... SET statement_timeout); remove it with ALTER ROLE " + user
                                + " IN DATABASE ... RESET statement_timeout, or raise it"
                        : row.getBoolean(4) ? "set on the role " + user + " (ALTER ROLE " + user + " SET"
                                + " statement_timeout); remove it with ALTER ROLE " + user + " RESET statement_timeout,"
                                + " or raise it"
                        : row.getBoolean(5) ? "set on the database (ALTER DATABASE ... SET statement_timeout); remove it"
                                + " with ALTER DATABASE ... RESET statement_timeout, or raise it"
                        : "set in the server's configuration or the connection's options; raise it for this role"
                                + " (ALTER ROLE " + user + " SET statement_timeout = '5min')";
                return " PostgreSQL canceled the query after statement_timeout=" + value + ", " + where + "."
                        + " Lockstep bounds its own queries and gives each migration migration.statement-timeout, but"
                        + " Flyway's own queries run with the role's setting.";
            });
        } catch (SQLException e) {
            return " PostgreSQL canceled the query: check statement_timeout for this user (SHOW statement_timeout).";
        }
    }

    /** The sessions holding a lock on the table, as "pid 42 (psql, idle in transaction, AccessExclusiveLock)". */
    private String lockHolders(String table) {
        String sql = "SELECT string_agg('pid ' || a.pid || ' (' || coalesce(nullif(a.application_name, ''),"
                + " 'no application_name') || ', ' || coalesce(a.state, '?') || ', ' || l.mode || ')', '; ')"
                + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.granted AND l.relation = to_regclass('" + table.replace("'", "''") + "')";
        try (Connection connection = connections.borrow()) {
            return QueryLimits.query(connection, sql, row -> {
                row.next();
                String holders = row.getString(1);
                return holders == null ? "it has let go since" : "held by " + holders;
            });
        } catch (SQLException e) {
            return "PostgreSQL did not say who holds it (" + connections.redact(e.getMessage()) + ")";
        }
    }
}
