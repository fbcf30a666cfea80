package dev.lockstep.internal.run;

import static dev.lockstep.LockstepSettings.CONNECT_TIMEOUT;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import dev.lockstep.MigrationPlan;
import dev.lockstep.internal.lint.LintInput;
import dev.lockstep.internal.lint.Planner;
import dev.lockstep.internal.lint.TraceResult;
import dev.lockstep.internal.lint.Tracer;
import dev.lockstep.internal.status.Comparison;
import dev.lockstep.internal.status.ResolvedSet;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.FlywayException;

/**
 * {@code Lockstep.plan()} and {@code lint()}, and the startup's lint step: the pending migrations compared with the
 * history, linted, traced on a scratch copy when asked, rated with the target's sizes. Reads the target, never writes
 * it.
 */
final class Planning {
    private final Engine engine;

    Planning(Engine engine) {
        this.engine = engine;
    }

    MigrationPlan plan(boolean trace) {
        long started = System.nanoTime();
        try (Connection connection = engine.connections.borrow(engine.settings.get(CONNECT_TIMEOUT))) {
            Comparison comparison = Comparison.of(engine.resolved(), engine.history.read(connection));
            return plan(connection, comparison, trace, started);
        } catch (SQLException | FlywayException e) {
            throw new LockstepException(ErrorCode.DATABASE_ERROR, "Could not plan the pending migrations at "
                    + engine.connections.target() + ": " + engine.connections.redact(e.getMessage()), e);
        }
    }

    /** The plan of what {@code comparison} found pending; traced on a scratch copy when {@code trace}. */
    MigrationPlan plan(Connection connection, Comparison comparison, boolean trace, long started) throws SQLException {
        ResolvedSet resolved = engine.resolved();
        Planner planner = new Planner(engine.settings, engine.flyway.getConfiguration(), engine.schema);
        List<LintInput> inputs = planner.inputs(resolved.pending(comparison));
        TraceResult traced = !trace ? TraceResult.none(null)
                : inputs.isEmpty() ? TraceResult.none("Nothing is pending: there was nothing to trace.")
                : new Tracer(engine.settings, engine.flyway.getConfiguration(), engine.schema, engine.connections)
                        .trace(connection, inputs);
        String target = resolved.target() == null ? null : resolved.target().getVersion();
        return planner.plan(connection, inputs, comparison.current(), target, traced, started);
    }
}
