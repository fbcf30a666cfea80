package dev.lockstep.internal.lint;

import static dev.lockstep.LockstepSettings.MIGRATION_STATEMENT_TIMEOUT;

import dev.lockstep.LockstepException;
import dev.lockstep.LockstepSettings;
import dev.lockstep.internal.connect.ConnectionDetails;
import dev.lockstep.internal.connect.Connections;
import dev.lockstep.internal.flyway.RunCallback;
import dev.lockstep.internal.snapshot.SchemaCopy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pending migrations on a scratch copy of the target's schema and observes them: a scratch database on the
 * target's server, the schema copied without data (pg_dump --schema-only, or, without pg_dump, the applied migrations
 * applied again), Flyway's history copied over, then Flyway with the application's own configuration and
 * {@link TraceCallback}. The scratch database is dropped whatever happens; the target is only read. When the trace
 * cannot be made (no CREATEDB, no connection details), the result says why.
 */
public final class Tracer {
    private static final Logger log = LoggerFactory.getLogger(Tracer.class);
    /** On empty tables a statement that runs this long is stuck, not slow. */
    private static final Duration STATEMENT_LIMIT = Duration.ofMinutes(5);

    private final LockstepSettings settings;
    private final Configuration flyway;
    private final @Nullable String schema;
    private final Connections connections;

    public Tracer(LockstepSettings settings, Configuration flyway, @Nullable String schema, Connections connections) {
        this.settings = settings;
        this.flyway = flyway;
        this.schema = schema;
        this.connections = connections;
    }

    /** Traces {@code inputs}, the pending migrations of the database {@code target} is connected to (only read). */
    public TraceResult trace(Connection target, List<LintInput> inputs) throws SQLException {
        ConnectionDetails details = connections.details();
        if (details == null) {
            return TraceResult.none("Not traced: the DataSource does not reveal its URL, user and password, which the"
                    + " trace needs to reach its scratch database; pass them with Lockstep.Builder.connectionDetails("
                    + "jdbcUrl, user, password). The findings are the lint's alone.");
        }
        Server server = Server.of(target);
        if (!server.createDb()) {
            return TraceResult.none("Not traced: " + server.user() + " may not create databases, and the trace runs"
                    + " the pending migrations in a scratch database; grant it CREATEDB (ALTER ROLE " + server.user()
                    + " CREATEDB), or plan as a user who has it. The findings are the lint's alone.");
        }
        Instant now = Instant.now();
        // A connection of its own: CREATE DATABASE needs autocommit, which a pooled connection may not have.
        try (Connection maintenance = ScratchDatabase.connect(details, null)) {
            ScratchDatabase.dropStale(maintenance, now, server.major()).forEach(stale -> log.info("dropped {}, the"
                    + " scratch database of a plan that stopped more than {} minutes ago", stale,
                    ScratchDatabase.STALE.toMinutes()));
            return traceIn(maintenance, target, details, server, now);
        } catch (SQLException | LockstepException | FlywayException e) {
            return TraceResult.none("Not traced: the scratch copy of the schema could not be made: "
                    + connections.redact(firstLine(e)) + ". The findings are the lint's alone.");
        }
    }

    private TraceResult traceIn(Connection maintenance, Connection target, ConnectionDetails details, Server server,
            Instant now) throws SQLException {
        long started = System.nanoTime();
        List<String> notes = new ArrayList<>();
        try (ScratchDatabase scratch = ScratchDatabase.create(maintenance, details, server.major(), now)) {
            notes.add(copy(target, server, scratch));
            Duration copied = Duration.ofNanos(System.nanoTime() - started);
            TraceCallback callback = new TraceCallback(statementTimeout(), schema, flyway.getTable());
            Map<String, String> failures = new HashMap<>();
            try {
                scratchConfiguration(scratch.dataSource(), callback).load().migrate();
                notes.add(0, "Traced on a scratch copy of the schema (" + scratch.name() + ", dropped afterwards):"
                        + " the locks, rewrites and scans below were observed, and rated with the target's table"
                        + " sizes.");
            } catch (FlywayException | IllegalStateException e) {
                String error = connections.redact(firstLine(e));
                notes.add(0, "The trace stopped" + (callback.failed() == null ? "" : " at " + callback.failed())
                        + " on the scratch copy: " + error + ". Migrations before it were traced; those after it were"
                        + " not.");
                if (callback.failed() != null) {
                    failures.put(callback.failed(), "It failed on the scratch copy, so it will fail here too: "
                            + error + ".");
                }
            }
            return new TraceResult(true, callback.observations(), failures, notes, copied);
        }
    }

    /** pg_dump --schema-only into the scratch database, or the applied migrations again; then Flyway's history. */
    private String copy(Connection target, Server server, ScratchDatabase scratch) throws SQLException {
        try {
            SchemaCopy.copy(settings, connections, server.major(), server.version(), scratch.name());
        } catch (LockstepException dumpFailed) {
            String current = HistoryCopy.currentVersion(target, schema, flyway.getTable());
            if (current == null) {
                return "The scratch database starts empty, like the target's schema.";
            }
            log.debug("pg_dump could not copy the schema ({}); applying the applied migrations again",
                    dumpFailed.getMessage());
            scratchConfiguration(scratch.dataSource(), null).target(current).load().migrate();
            return "The schema was copied by applying the applied migrations (up to V" + current + ") again, since"
                    + " pg_dump could not copy it: " + connections.redact(firstLine(dumpFailed));
        }
        HistoryCopy.copy(target, scratch.dataSource(), schema, flyway.getTable());
        return "The schema was copied with pg_dump --schema-only.";
    }

    /** The application's Flyway configuration on the scratch database, with the trace's callback instead of ours. */
    private FluentConfiguration scratchConfiguration(DataSource dataSource, @Nullable Callback trace) {
        List<Callback> callbacks = new ArrayList<>(Arrays.stream(flyway.getCallbacks())
                .filter(callback -> !(callback instanceof RunCallback)).toList());
        if (trace != null) {
            callbacks.add(trace);
        }
        return Flyway.configure(flyway.getClassLoader()).configuration(flyway).dataSource(dataSource)
                .callbacks(callbacks.toArray(Callback[]::new));
    }

    private Duration statementTimeout() {
        Duration configured = settings.get(MIGRATION_STATEMENT_TIMEOUT);
        return configured.isZero() || configured.compareTo(STATEMENT_LIMIT) > 0 ? STATEMENT_LIMIT : configured;
    }

    /** The database's own message when there is one in the chain ("ERROR: column ... does not exist"), first line. */
    private static String firstLine(Exception e) {
        Throwable reported = e;
        for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                reported = sql;
                break;
            }
        }
        String message = String.valueOf(reported.getMessage()).strip();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end).strip();
    }

    /** The target's server: its major version, and whether the user may create databases. */
    private record Server(String user, boolean createDb, int major, String version) {
        static Server of(Connection target) throws SQLException {
            try (Statement statement = target.createStatement(); ResultSet row = statement.executeQuery(
                    "SELECT current_user, rolcreatedb OR rolsuper, current_setting('server_version_num')::int / 10000,"
                            + " current_setting('server_version') FROM pg_roles WHERE rolname = current_user")) {
                row.next();
                return new Server(row.getString(1), row.getBoolean(2), row.getInt(3), row.getString(4));
            }
        }
    }

    /** Flyway's history, copied row by row: pg_dump --schema-only leaves the rows out, and Flyway needs them. */
    static final class HistoryCopy {
        private HistoryCopy() {}

        static @Nullable String currentVersion(Connection target, @Nullable String schema, String table)
                throws SQLException {
            try (Statement statement = target.createStatement(); ResultSet row = statement.executeQuery(
                    "SELECT version FROM " + qualified(schema, table) + " WHERE success AND version IS NOT NULL"
                            + " ORDER BY installed_rank DESC LIMIT 1")) {
                return row.next() ? row.getString(1) : null;
            } catch (SQLException e) {
                if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                    return null;
                }
                throw e;
            }
        }

        static void copy(Connection target, DataSource scratch, @Nullable String schema, String table)
                throws SQLException {
            String name = qualified(schema, table);
            try (Statement read = target.createStatement()) {
                if (!exists(target, name)) {
                    return;
                }
                try (ResultSet rows = read.executeQuery("SELECT * FROM " + name + " ORDER BY installed_rank");
                        Connection connection = scratch.getConnection()) {
                    int columns = rows.getMetaData().getColumnCount();
                    List<String> names = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        names.add("\"" + rows.getMetaData().getColumnName(i) + "\"");
                    }
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + name + " ("
                            + String.join(", ", names) + ") VALUES (" + "?, ".repeat(columns - 1) + "?)")) {
                        while (rows.next()) {
                            for (int i = 1; i <= columns; i++) {
                                insert.setObject(i, rows.getObject(i));
                            }
                            insert.addBatch();
                        }
                        insert.executeBatch();
                    }
                }
            }
        }

        private static boolean exists(Connection connection, String name) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                statement.setString(1, name);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return row.getBoolean(1);
                }
            }
        }

        private static String qualified(@Nullable String schema, String table) {
            String quotedTable = "\"" + table.replace("\"", "\"\"") + "\"";
            return schema == null ? quotedTable : "\"" + schema.replace("\"", "\"\"") + "\"." + quotedTable;
        }
    }
}
