package dev.lockstep.internal.run;

import static dev.lockstep.LockstepSettings.HEALTH_AHEAD_OF_APP;

import dev.lockstep.FailedMigration;
import dev.lockstep.Health;
import dev.lockstep.SchemaState;
import dev.lockstep.SchemaStatus;
import dev.lockstep.internal.connect.Connections;
import dev.lockstep.internal.status.Comparison;
import dev.lockstep.internal.status.ResolvedSet;
import dev.lockstep.internal.status.StatusProbe;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.api.FlywayException;

/**
 * What {@code status()} answers: this instance's own activity while it waits or migrates, else the probe's comparison
 * of the history with the shipped migrations. It never throws, and tells apart why it could not compare: a database
 * that cannot be reached is UNREACHABLE; one that answers but whose history cannot be read (another session's lock on
 * it, a missing privilege, a role's statement_timeout cancelling Flyway's queries) is UNKNOWN; migrations Flyway
 * cannot resolve are INVALID_MIGRATIONS. The message says why in each case.
 */
final class StatusReading {
    private final Engine engine;
    private final StatusProbe probe;

    StatusReading(Engine engine, StatusProbe probe) {
        this.engine = engine;
        this.probe = probe;
    }

    SchemaStatus read(Activity now) {
        Instant checkedAt = Instant.now();
        ResolvedSet shipped;
        try {
            shipped = engine.resolved();
        } catch (FlywayException e) {
            return unreadable(e, checkedAt);
        }
        try (Connection connection = engine.connections.borrow()) {
            Comparison comparison = probe.compare(connection, shipped);
            SchemaState state = now.state() != null ? now.state() : comparison.state();
            FailedMigration failed = now.failed() != null ? now.failed() : Failures.ofHistory(comparison.failedRow());
            String target = shipped.target() == null ? null : shipped.target().getVersion();
            String message = state == SchemaState.INVALID_MIGRATIONS ? engine.noMigrationsFound()
                    : Messages.describe(state, comparison, failed, now.holder());
            return new SchemaStatus(state, health(state), comparison.current(), target, comparison.pending(),
                    state == SchemaState.FAILED ? failed : null, engine.runs.lastKnown(), now.holder(), message,
                    checkedAt);
        } catch (SQLException e) {
            return unreadable(e, checkedAt);
        }
    }

    private SchemaStatus unreadable(Exception error, Instant checkedAt) {
        Connections connections = engine.connections;
        SQLException sql = error instanceof SQLException e ? e : Failures.sqlCause(error).orElse(null);
        String reason = connections.redact(Failures.firstLine(error));
        SchemaState state;
        String message;
        if (sql == null) {
            state = SchemaState.INVALID_MIGRATIONS;
            message = engine.invalidMigrations(error);
        } else if (Connections.isUnreachable(sql.getSQLState())) {
            state = SchemaState.UNREACHABLE;
            message = "Cannot read the schema history at " + connections.target() + ": " + reason;
        } else {
            state = SchemaState.UNKNOWN;
            message = "The database at " + connections.target() + " answered, but the schema history could not be"
                    + " read: " + reason + " (SQLSTATE " + sql.getSQLState() + ")."
                    + new Diagnosis(connections).hint(sql.getSQLState(), engine.history.qualifiedName());
        }
        ResolvedSet shipped = engine.resolvedIfKnown();
        String target = shipped == null || shipped.target() == null ? null : shipped.target().getVersion();
        return new SchemaStatus(state, health(state), null, target, List.of(), null, engine.runs.lastKnown(), null,
                message, checkedAt);
    }

    private Health health(SchemaState state) {
        return SchemaStatus.healthOf(state, engine.settings.get(HEALTH_AHEAD_OF_APP));
    }
}
