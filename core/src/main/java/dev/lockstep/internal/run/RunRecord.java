package dev.lockstep.internal.run;

import dev.lockstep.LintFinding;
import dev.lockstep.Snapshot;
import dev.lockstep.internal.connect.Connections;
import dev.lockstep.internal.status.HistoryTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's row in {@code lockstep_runs}: written RUNNING before migrating, so that a run whose instance dies leaves a
 * trace (the next run marks it ABANDONED), and finished when the run ends. It is bookkeeping: a failure to write it
 * is logged and never stops a run.
 */
final class RunRecord {
    private static final Logger log = LoggerFactory.getLogger(RunRecord.class);

    private final Connections connections;
    private final RunHistory runs;
    private final HistoryTable flywayHistory;
    private final RunHistory.Start start;
    private final String prefix;
    private @Nullable Long id;
    private List<LintFinding> findings = List.of();

    RunRecord(Connections connections, RunHistory runs, HistoryTable flywayHistory, RunHistory.Start start,
            String prefix) {
        this.connections = connections;
        this.runs = runs;
        this.flywayHistory = flywayHistory;
        this.start = start;
        this.prefix = prefix;
    }

    /** The lint's findings on the migrations this run applies, written with the row when the run finishes. */
    void findings(List<LintFinding> values) {
        findings = List.copyOf(values);
    }

    /**
     * Writes the RUNNING row and marks the runs of dead instances ABANDONED. Before Flyway's first run
     * ({@code flywayStarted} false) its history table does not exist, and Flyway refuses a schema that holds any
     * table without it: the row is then written at the end, after Flyway created its table.
     */
    void begin(boolean flywayStarted) {
        if (!flywayStarted) {
            return;
        }
        try (Connection connection = connections.borrow()) {
            if (!runs.prepare(connection)) {
                return;
            }
            int abandoned = runs.markAbandoned(connection);
            if (abandoned > 0) {
                log.info("{}marked {} earlier run(s) ABANDONED: their instance stopped while migrating", prefix, abandoned);
            }
            id = runs.start(connection, start);
        } catch (SQLException e) {
            log.debug("{}run history not written before migrating: {}", prefix, connections.redact(e.getMessage()));
        }
    }

    /** Finishes the row (writing it first when {@link #begin} could not); returns its id, null when there is none. */
    @Nullable Long finish(String outcome, @Nullable String toVersion, int applied, SnapshotStep.@Nullable Taken taken,
            @Nullable String error) {
        try (Connection connection = connections.borrow()) {
            if (id == null) {
                // Never be the first table in a schema Flyway has not initialised: it would refuse it next time.
                if (!flywayHistory.exists(connection) || !runs.prepare(connection)) {
                    return null;
                }
                id = runs.start(connection, start);
            }
            Snapshot snapshot = taken == null ? null : taken.snapshot();
            String snapshotFailure = taken == null || taken.failure() == null ? null
                    : "No snapshot (snapshot.required=false): " + taken.failure();
            runs.finish(connection, id, outcome, toVersion, applied, snapshot == null ? null : snapshot.id(),
                    error != null ? error : snapshotFailure, findings);
            runs.readLatest(connection);
        } catch (SQLException e) {
            log.warn("{}could not record the run in lockstep_runs (the migrations are recorded in Flyway's history"
                    + " all the same): {}{}", prefix, connections.redact(e.getMessage()),
                    new Diagnosis(connections).hint(e.getSQLState(), runs.qualifiedName()));
        }
        return id;
    }
}
