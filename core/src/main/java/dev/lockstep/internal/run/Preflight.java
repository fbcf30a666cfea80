package dev.lockstep.internal.run;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import dev.lockstep.internal.connect.PoolCheck;
import dev.lockstep.internal.flyway.FlywaySupport;
import dev.lockstep.internal.status.HistoryTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.api.pattern.ValidatePattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DESIGN step 5: what can be known to fail before anything is written, checked under the lock and before the
 * snapshot, so that a run that would fail anyway takes no snapshot (a crash-looping instance would pile them up). It
 * looks through a connection of the DataSource, as Flyway will: a second one beside the lock connection, which also
 * proves the pool can lend one; then the database accepts writes (not read-only, not a standby), the user's
 * search_path names a schema, the user may create what Flyway must create, and Flyway's own validation accepts the
 * shipped migrations against the history.
 */
final class Preflight {
    private static final Logger log = LoggerFactory.getLogger(Preflight.class);

    private final Engine engine;
    private final String prefix;

    Preflight(Engine engine, String prefix) {
        this.engine = engine;
        this.prefix = prefix;
    }

    void check() {
        try (Connection connection = PoolCheck.secondConnection(engine.connections, prefix)) {
            Session session = session(connection);
            writable(session);
            String schema = schemaToMigrate(session);
            privileges(connection, session, schema);
        } catch (SQLException e) {
            throw new LockstepException(ErrorCode.DATABASE_ERROR, prefix + "Lockstep could not check the database"
                    + " before migrating: " + engine.connections.redact(e.getMessage()) + " (SQLSTATE " + e.getSQLState()
                    + ")." + new Diagnosis(engine.connections).hint(e.getSQLState(), engine.history.qualifiedName()),
                    engine.connections.redact(e));
        }
        validate();
    }

    private record Session(boolean standby, boolean readOnly, String user, String database,
            @Nullable String currentSchema, String searchPath) {}

    private static Session session(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_is_in_recovery(),"
                + " current_setting('transaction_read_only') = 'on', current_user, current_database(), current_schema(),"
                + " current_setting('search_path')");
                ResultSet row = statement.executeQuery()) {
            row.next();
            return new Session(row.getBoolean(1), row.getBoolean(2), row.getString(3), row.getString(4),
                    row.getString(5), row.getString(6));
        }
    }

    private void writable(Session session) {
        if (session.standby()) {
            throw new LockstepException(ErrorCode.DATABASE_READ_ONLY, prefix + "The database at "
                    + engine.connections.target() + " is read-only (or a standby): pg_is_in_recovery() is true, so it"
                    + " accepts no writes and nothing was snapshotted or migrated. Point the datasource at the primary;"
                    + " instances that connect to a standby should run with mode=validate or mode=wait.");
        }
        if (session.readOnly()) {
            throw new LockstepException(ErrorCode.DATABASE_READ_ONLY, prefix + "The database at "
                    + engine.connections.target() + " is read-only (or a standby): default_transaction_read_only is on"
                    + " for user " + session.user() + ", so every transaction is read-only and nothing was snapshotted or"
                    + " migrated. Turn it off for the user that migrates (ALTER ROLE " + session.user()
                    + " SET default_transaction_read_only = off, or RESET it where it was set: ALTER DATABASE, "
                    + "postgresql.conf), or migrate with a user that may write and run this one with mode=validate.");
        }
    }

    /** The schema Flyway will migrate; refuses a search_path that names none when Flyway's schemas are unset. */
    private String schemaToMigrate(Session session) {
        String configured = FlywaySupport.historySchema(engine.flyway.getConfiguration());
        if (configured != null) {
            return configured;
        }
        if (session.currentSchema() == null) {
            throw new LockstepException(ErrorCode.INVALID_CONFIGURATION, prefix + "The search_path of user "
                    + session.user() + " names no existing schema (search_path = '" + session.searchPath() + "') and"
                    + " Flyway's schemas are not set: Flyway would create a schema literally named \"\" and migrate"
                    + " into it. Nothing was created. Set Flyway's schemas (flyway.schemas: spring.flyway.schemas,"
                    + " quarkus.flyway.schemas, or defaultSchema/schemas on Flyway's configuration), or give the user"
                    + " a search_path (ALTER ROLE " + session.user() + " SET search_path = public).");
        }
        return session.currentSchema();
    }

    private void privileges(Connection connection, Session session, String historySchema) throws SQLException {
        Configuration flyway = engine.flyway.getConfiguration();
        List<String> schemas = new ArrayList<>(Arrays.asList(flyway.getSchemas()));
        if (!schemas.contains(historySchema)) {
            schemas.add(0, historySchema);
        }
        boolean historyExists = engine.history.exists(connection);
        try (PreparedStatement statement = connection.prepareStatement("SELECT s.name, n.oid IS NOT NULL,"
                + " n.oid IS NOT NULL AND has_schema_privilege(n.oid, 'USAGE'),"
                + " n.oid IS NOT NULL AND has_schema_privilege(n.oid, 'CREATE'),"
                + " has_database_privilege(current_database(), 'CREATE'), pg_get_userbyid(n.nspowner)"
                + " FROM unnest(?::text[]) AS s(name) LEFT JOIN pg_namespace n ON n.nspname = s.name")) {
            statement.setArray(1, connection.createArrayOf("text", schemas.toArray()));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    String schema = row.getString(1);
                    String quoted = HistoryTable.quote(schema);
                    if (!row.getBoolean(2)) {
                        if (flyway.isCreateSchemas() && !row.getBoolean(5)) {
                            throw privilege("Flyway must create schema " + quoted + " and user " + session.user()
                                    + " may not create schemas in database " + session.database() + ". Create the schema"
                                    + " for it (CREATE SCHEMA " + quoted + " AUTHORIZATION " + session.user()
                                    + ") or GRANT CREATE ON DATABASE " + HistoryTable.quote(session.database()) + " TO "
                                    + session.user() + ".");
                        }
                        continue;
                    }
                    String owner = row.getString(6);
                    String fix = " GRANT USAGE, CREATE ON SCHEMA " + quoted + " TO " + session.user() + " (as its owner "
                            + owner + "), or make the user the schema's owner (ALTER SCHEMA " + quoted + " OWNER TO "
                            + session.user() + ").";
                    if (!row.getBoolean(3)) {
                        throw privilege("User " + session.user() + " has no USAGE privilege on schema " + quoted
                                + ", owned by " + owner + "." + fix);
                    }
                    boolean mustCreateHistory = schema.equals(historySchema) && !historyExists;
                    if (!row.getBoolean(4) && mustCreateHistory) {
                        throw privilege("User " + session.user() + " may not create tables in schema " + quoted
                                + " (no CREATE privilege; since PostgreSQL 15 only the database owner has it on"
                                + " public), and Flyway must create its history table there." + fix);
                    }
                    if (!row.getBoolean(4)) {
                        log.warn("{}user {} has no CREATE privilege on schema {}: pending migrations that create"
                                + " objects there will fail.{}", prefix, session.user(), quoted, fix);
                    }
                }
            }
        }
        if (historyExists) {
            requireHistoryPrivileges(connection, session, engine.history.qualifiedName());
        }
    }

    /** Both privileges: has_table_privilege with a list answers whether the user holds any one of them. */
    private void requireHistoryPrivileges(Connection connection, Session session, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT has_table_privilege(to_regclass(?),"
                + " 'SELECT') AND has_table_privilege(to_regclass(?), 'INSERT')")) {
            statement.setString(1, table);
            statement.setString(2, table);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                if (!row.getBoolean(1)) {
                    throw privilege("User " + session.user() + " lacks SELECT, INSERT on Flyway's history table " + table
                            + ", so Flyway could not record the migrations. GRANT SELECT, INSERT ON " + table + " TO "
                            + session.user() + ", or migrate as its owner.");
                }
            }
        }
    }

    private LockstepException privilege(String what) {
        return new LockstepException(ErrorCode.INSUFFICIENT_PRIVILEGE, prefix + what
                + " Nothing was snapshotted or migrated.");
    }

    /**
     * Flyway's validation as {@code migrate} would run it ({@code validateOnMigrate}, pending migrations allowed): a
     * deleted migration, or one added below the applied version without {@code outOfOrder}, fails here instead of
     * after the snapshot.
     */
    private void validate() {
        Configuration configuration = engine.flyway.getConfiguration();
        if (!configuration.isValidateOnMigrate()) {
            return;
        }
        ValidatePattern[] ignored = configuration.getIgnoreMigrationPatterns();
        ValidatePattern[] withPending = Arrays.copyOf(ignored, ignored.length + 1);
        withPending[ignored.length] = ValidatePattern.fromPattern("*:pending");
        ValidateResult result = Flyway.configure(configuration.getClassLoader()).configuration(configuration)
                .ignoreMigrationPatterns(withPending).load().validateWithResult();
        if (!result.validationSuccessful) {
            throw new LockstepException(ErrorCode.INVALID_MIGRATIONS, prefix + "Flyway's validation refuses the"
                    + " shipped migrations against the schema history: "
                    + engine.connections.redact(result.getAllErrorMessages()).strip() + " Nothing was snapshotted or"
                    + " migrated. Restore a deleted migration file, give a new migration a version above the applied"
                    + " ones (or set Flyway's outOfOrder=true), or run flyway repair if the history is what is wrong.");
        }
    }
}
