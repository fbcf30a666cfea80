package dev.lockstep.internal.connect;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import java.sql.SQLException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Names the cause and the fix of a connection PostgreSQL refused: wrong password or unknown role, no CONNECT
 * privilege, unknown database, pg_hba.conf rejecting the host (often: the server wants SSL), SSL asked of a server
 * without it, a role that may not log in. SQLSTATE 28000 covers several of these; the server's own message tells them
 * apart, and whatever it does not match gets the general advice.
 */
final class ConnectionRefusal {
    private ConnectionRefusal() {}

    /** Connection-level failures worth retrying: no answer yet, starting up, too many connections. */
    static boolean isTransient(@Nullable String sqlState) {
        if ("08004".equals(sqlState)) {
            return false; // the server rejected the connection (SSL asked of a server without SSL): retrying cannot help
        }
        return sqlState == null || sqlState.startsWith("08") || sqlState.equals("57P03") || sqlState.equals("53300");
    }

    /** Whether an error means the database could not be reached or would not let us in (rather than a query failing). */
    static boolean isUnreachable(@Nullable String sqlState) {
        return isTransient(sqlState) || "08004".equals(sqlState) || sqlState.startsWith("28") || sqlState.startsWith("57P")
                || sqlState.equals("3D000");
    }

    /**
     * The exception for a refusal that retrying cannot cure.
     *
     * @param target the database as messages show it (a redacted URL)
     * @param reason the driver's message, redacted
     */
    static LockstepException of(SQLException e, String target, String reason, @Nullable String user, String database) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String text = reason.toLowerCase(Locale.ROOT);
        String role = user == null || user.isBlank() ? "<user>" : user;
        String db = database.isBlank() ? "<database>" : database;
        if (state.equals("28P01")) {
            return new LockstepException(ErrorCode.AUTHENTICATION_FAILED, "PostgreSQL at " + target
                    + " refused the credentials: " + reason + ". Either the password is wrong or no role of that name"
                    + " exists (PostgreSQL does not say which). Check the datasource user and password (for example"
                    + " spring.datasource.password or quarkus.datasource.password); Lockstep does not retry refused"
                    + " credentials.");
        }
        if (state.equals("42501") && text.contains("database")) {
            return new LockstepException(ErrorCode.INSUFFICIENT_PRIVILEGE, "PostgreSQL at " + target + " refused the"
                    + " connection: " + reason + ". The user " + role + " has no CONNECT privilege on database " + db
                    + ". Grant it, as the database's owner or a superuser: GRANT CONNECT ON DATABASE " + quote(db)
                    + " TO " + quote(role) + ";");
        }
        if (state.equals("3D000")) {
            return new LockstepException(ErrorCode.CONNECTION_FAILED, "The database in " + target + " does not exist: "
                    + reason + ". Create it (CREATE DATABASE " + quote(db) + " OWNER " + quote(role)
                    + ", or createdb) or fix the database name in the datasource URL.");
        }
        if (state.startsWith("28") && text.contains("role") && text.contains("does not exist")) {
            return new LockstepException(ErrorCode.AUTHENTICATION_FAILED, "PostgreSQL at " + target + " has no role "
                    + role + ": " + reason + ". Fix the datasource user, or create the role (CREATE ROLE " + quote(role)
                    + " LOGIN PASSWORD '...').");
        }
        if (state.startsWith("28") && text.contains("not permitted to log in")) {
            return new LockstepException(ErrorCode.AUTHENTICATION_FAILED, "PostgreSQL at " + target + " refused the"
                    + " connection: " + reason + ". Allow the role to log in: ALTER ROLE " + quote(role) + " LOGIN;");
        }
        if (state.startsWith("28") && text.contains("pg_hba.conf")) {
            String ssl = text.contains("no encryption") || text.contains("ssl off")
                    ? " The connection was not encrypted: if the server accepts this user only over SSL, add"
                            + " sslmode=require (or verify-full with sslrootcert) to the JDBC URL."
                    : "";
            return new LockstepException(ErrorCode.AUTHENTICATION_FAILED, "PostgreSQL at " + target + " refused the"
                    + " connection by its pg_hba.conf rules: " + reason + "." + ssl + " Otherwise the server's"
                    + " administrator must add a pg_hba.conf entry that lets user " + role + " reach database " + db
                    + " from this host (then SELECT pg_reload_conf()).");
        }
        if (state.startsWith("28")) {
            return new LockstepException(ErrorCode.AUTHENTICATION_FAILED, "PostgreSQL at " + target
                    + " refused the credentials: " + reason + ". Check the datasource user and password (for example"
                    + " spring.datasource.password or quarkus.datasource.password); Lockstep does not retry refused"
                    + " credentials.");
        }
        if (state.equals("08004") && text.contains("ssl")) {
            return new LockstepException(ErrorCode.CONNECTION_FAILED, "PostgreSQL at " + target + " does not accept"
                    + " SSL connections, and the JDBC URL requires SSL: " + reason + ". Enable SSL on the server"
                    + " (ssl=on), or lower sslmode in the JDBC URL (sslmode=prefer or disable).");
        }
        return new LockstepException(ErrorCode.CONNECTION_FAILED, "Could not connect to " + target + ": " + reason
                + " (SQLSTATE " + state + "). Check the datasource URL and the server's logs.");
    }

    private static String quote(String identifier) {
        return identifier.matches("[a-z_][a-z0-9_]*") ? identifier : '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
