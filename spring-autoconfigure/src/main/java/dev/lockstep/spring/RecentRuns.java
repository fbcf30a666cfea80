package dev.lockstep.spring;

import dev.lockstep.Lockstep;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.Configuration;
import org.jspecify.annotations.Nullable;

/**
 * The newest rows of the run history ({@code lockstep_runs}, beside Flyway's history table), for the endpoint.
 * The core's public API gives only the last run ({@code SchemaStatus.lastRun}); until it offers a list, the
 * endpoint reads the documented table itself, read-only.
 */
final class RecentRuns {
    private static final String TABLE = "lockstep_runs";

    private final Lockstep lockstep;

    RecentRuns(Lockstep lockstep) {
        this.lockstep = lockstep;
    }

    /** Up to {@code limit} runs, newest first; empty when no run has written the table yet. */
    List<Map<String, Object>> newest(int limit) throws SQLException {
        Configuration flyway = lockstep.flyway().getConfiguration();
        DataSource dataSource = flyway.getDataSource();
        String table = qualified(schemaOf(flyway));
        try (Connection connection = dataSource.getConnection()) {
            if (!exists(connection, table)) {
                return List.of();
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT id, instance, host, app_version,"
                    + " started_at, finished_at, outcome, from_version, to_version, applied, snapshot_id, lock_wait_ms,"
                    + " error FROM " + table + " ORDER BY id DESC LIMIT ?")) {
                statement.setInt(1, limit);
                try (ResultSet rows = statement.executeQuery()) {
                    List<Map<String, Object>> runs = new ArrayList<>();
                    while (rows.next()) {
                        runs.add(row(rows));
                    }
                    return runs;
                }
            }
        }
    }

    private static Map<String, Object> row(ResultSet rows) throws SQLException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", rows.getLong("id"));
        run.put("instance", rows.getString("instance"));
        putIfPresent(run, "host", rows.getString("host"));
        putIfPresent(run, "appVersion", rows.getString("app_version"));
        run.put("startedAt", rows.getTimestamp("started_at").toInstant().toString());
        Timestamp finished = rows.getTimestamp("finished_at");
        if (finished != null) {
            run.put("finishedAt", finished.toInstant().toString());
        }
        run.put("outcome", rows.getString("outcome"));
        putIfPresent(run, "fromVersion", rows.getString("from_version"));
        putIfPresent(run, "toVersion", rows.getString("to_version"));
        run.put("applied", rows.getInt("applied"));
        putIfPresent(run, "snapshotId", rows.getString("snapshot_id"));
        run.put("lockWaitMs", rows.getLong("lock_wait_ms"));
        // Written by the core with URLs redacted and without passwords.
        putIfPresent(run, "error", rows.getString("error"));
        return run;
    }

    private static @Nullable String schemaOf(Configuration flyway) {
        if (flyway.getDefaultSchema() != null) {
            return flyway.getDefaultSchema();
        }
        String[] schemas = flyway.getSchemas();
        return schemas.length > 0 ? schemas[0] : null;
    }

    private static String qualified(@Nullable String schema) {
        return schema == null ? quote(TABLE) : quote(schema) + "." + quote(TABLE);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, table);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    private static void putIfPresent(Map<String, Object> map, String key, @Nullable Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
