package dev.lockstep.internal.run;

import static dev.lockstep.internal.status.HistoryTable.quote;

import dev.lockstep.LintFinding;
import dev.lockstep.RunSummary;
import dev.lockstep.internal.lint.Findings;
import dev.lockstep.internal.status.HistoryTable;
import dev.lockstep.internal.status.QueryLimits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The run-history table {@code lockstep_runs}, beside Flyway's history table. Only the lock holder writes it.
 * Its format is versioned in the table comment ({@code lockstep_runs format N}) so that a later Lockstep can
 * migrate it, and an older one can leave a newer format alone. Format 2 adds {@code findings} (jsonb: the lint's
 * findings, as {@code Views.finding} views); a format-1 table is upgraded in place by the first run that writes it.
 */
public final class RunHistory {
    static final int FORMAT = 2;
    private static final String COMMENT_PREFIX = "lockstep_runs format ";

    private final String table;
    private volatile @Nullable RunSummary lastKnown;

    public RunHistory(@Nullable String schema, String flywayTable) {
        String name = "lockstep_runs";
        this.table = schema == null ? quote(name) : quote(schema) + "." + quote(name);
        if (flywayTable.equalsIgnoreCase(name)) {
            throw new IllegalArgumentException("Flyway's history table must not be called lockstep_runs");
        }
    }

    /** The table as SQL names it. */
    public String qualifiedName() {
        return table;
    }

    /** The row a run writes before it migrates, so a crash leaves a trace ({@code RUNNING}, later ABANDONED). */
    public record Start(String instance, String host, @Nullable String appVersion, Instant startedAt,
            @Nullable String fromVersion, long lockWaitMillis) {}

    /**
     * Creates the table when missing and upgrades an older format. Returns false when the table has a newer format
     * than this Lockstep writes: the run then leaves it alone.
     */
    public boolean prepare(Connection connection) throws SQLException {
        int format;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT obj_description(to_regclass(?), 'pg_class'), to_regclass(?) IS NOT NULL")) {
            statement.setString(1, table);
            statement.setString(2, table);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                String comment = row.getString(1);
                format = !row.getBoolean(2) ? 0 : comment == null || !comment.startsWith(COMMENT_PREFIX) ? 1
                        : Integer.parseInt(comment.substring(COMMENT_PREFIX.length()).trim());
            }
        }
        if (format > FORMAT) {
            return false;
        }
        try (Statement statement = connection.createStatement()) {
            if (format == 0) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + table + " ("
                        + "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, instance text NOT NULL, host text,"
                        + " app_version text, started_at timestamptz NOT NULL, finished_at timestamptz,"
                        + " outcome text NOT NULL, from_version text, to_version text, applied integer NOT NULL"
                        + " DEFAULT 0, snapshot_id text, lock_wait_ms bigint NOT NULL DEFAULT 0, error text,"
                        + " findings jsonb)");
            } else if (format < 2) {
                statement.execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS findings jsonb");
            }
            if (format < FORMAT) {
                statement.execute("COMMENT ON TABLE " + table + " IS '" + COMMENT_PREFIX + FORMAT + "'");
            }
        }
        return true;
    }

    /**
     * Marks runs that were still RUNNING as ABANDONED: their process died, since we hold the lock now and no
     * other run can be under way.
     */
    public int markAbandoned(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate("UPDATE " + table + " SET outcome = 'ABANDONED', finished_at = now(),"
                    + " error = 'the instance stopped before its run finished (killed or lost its connection)'"
                    + " WHERE outcome = 'RUNNING'");
        }
    }

    public long start(Connection connection, Start run) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + table
                + " (instance, host, app_version, started_at, outcome, from_version, lock_wait_ms)"
                + " VALUES (?, ?, ?, ?, 'RUNNING', ?, ?) RETURNING id")) {
            statement.setString(1, run.instance());
            statement.setString(2, run.host());
            statement.setString(3, run.appVersion());
            statement.setTimestamp(4, Timestamp.from(run.startedAt()));
            statement.setString(5, run.fromVersion());
            statement.setLong(6, run.lockWaitMillis());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    public void finish(Connection connection, long id, String outcome, @Nullable String toVersion, int applied,
            @Nullable String snapshotId, @Nullable String error, List<LintFinding> findings) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE " + table + " SET finished_at = now(),"
                + " outcome = ?, to_version = ?, applied = ?, snapshot_id = ?, error = ?, findings = ?::jsonb"
                + " WHERE id = ?")) {
            statement.setString(1, outcome);
            statement.setString(2, toVersion);
            statement.setInt(3, applied);
            statement.setString(4, snapshotId);
            statement.setString(5, error);
            statement.setString(6, findings.isEmpty() ? null : Findings.toJson(findings));
            statement.setLong(7, id);
            statement.executeUpdate();
        }
    }

    /** Reads the newest run (none when the table is missing or empty) for {@link #lastKnown()}. */
    public void readLatest(Connection connection) throws SQLException {
        lastKnown = recent(connection, 1).stream().findFirst().orElse(null);
    }

    /** The newest run {@link #readLatest} found, for status probes that must not read the table again. */
    public @Nullable RunSummary lastKnown() {
        return lastKnown;
    }

    /** Up to {@code limit} runs, newest first, read within {@link QueryLimits}; empty when no run has written the table yet. */
    public List<RunSummary> recent(Connection connection, int limit) throws SQLException {
        if (!HistoryTable.exists(connection, table)) {
            return List.of();
        }
        // to_jsonb(r) reads findings whether or not a format-1 table has been upgraded yet
        String sql = "SELECT id, instance, started_at, finished_at, outcome, from_version, to_version, snapshot_id,"
                + " host, app_version, applied, lock_wait_ms, error, (to_jsonb(r) -> 'findings')::text FROM " + table
                + " r ORDER BY id DESC LIMIT " + limit;
        return QueryLimits.query(connection, sql, row -> {
            List<RunSummary> runs = new ArrayList<>();
            while (row.next()) {
                Instant started = row.getTimestamp(3).toInstant();
                Timestamp finished = row.getTimestamp(4);
                runs.add(new RunSummary(row.getLong(1), row.getString(2), started,
                        finished == null ? null : Duration.between(started, finished.toInstant()), row.getString(5),
                        row.getString(6), row.getString(7), row.getString(8), row.getString(9), row.getString(10),
                        row.getInt(11), Duration.ofMillis(row.getLong(12)), row.getString(13),
                        Findings.fromJson(row.getString(14))));
            }
            return runs;
        });
    }
}
