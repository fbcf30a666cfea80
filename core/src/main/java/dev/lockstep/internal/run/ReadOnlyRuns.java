package dev.lockstep.internal.run;

import static dev.lockstep.LockstepSettings.CONNECT_TIMEOUT;
import static dev.lockstep.LockstepSettings.LOCK_TIMEOUT;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import dev.lockstep.MigrationReport;
import dev.lockstep.Outcome;
import dev.lockstep.SchemaState;
import dev.lockstep.internal.Backoff;
import dev.lockstep.internal.config.Durations;
import dev.lockstep.internal.status.Comparison;
import dev.lockstep.internal.status.ResolvedSet;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The modes that never write: {@code validate} checks once, {@code wait} polls until another service migrated. */
final class ReadOnlyRuns {
    private static final Logger log = LoggerFactory.getLogger(ReadOnlyRuns.class);
    private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(10);

    private final Engine engine;
    private final long started = System.nanoTime();

    ReadOnlyRuns(Engine engine) {
        this.engine = engine;
    }

    MigrationReport validate() {
        return withConnection((connection, prefix) -> {
            Comparison comparison = compare(connection, prefix);
            if (comparison.state() == SchemaState.INVALID_MIGRATIONS) {
                throw new LockstepException(ErrorCode.INVALID_MIGRATIONS, prefix + "mode=validate: "
                        + engine.noMigrationsFound());
            }
            if (!comparison.pending().isEmpty()) {
                throw new LockstepException(ErrorCode.PENDING_MIGRATIONS, prefix + "mode=validate found "
                        + comparison.pending().size() + " pending migration(s): "
                        + Messages.versions(comparison.pending()) + "; it applies none. Migrate first (mode=migrate on"
                        + " one instance, or a migration job), or deploy the application version that matches this schema.");
            }
            return report(Outcome.VALIDATED, comparison);
        });
    }

    MigrationReport await() {
        return withConnection((connection, prefix) -> {
            Duration timeout = engine.settings.get(LOCK_TIMEOUT);
            long deadline = started + timeout.toNanos();
            long nextLog = System.nanoTime();
            Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
            ResolvedSet resolved = engine.resolved();
            while (true) {
                Comparison comparison = compare(connection, prefix);
                if (comparison.pending().isEmpty()) {
                    return report(Outcome.WAITED, comparison);
                }
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    throw new LockstepException(ErrorCode.WAIT_TIMEOUT, prefix + "mode=wait: the schema is at "
                            + (comparison.current() == null ? "<empty>" : "V" + comparison.current())
                            + " after lock.timeout=" + Durations.format(timeout) + ", and this application needs V"
                            + resolved.target() + " (pending: " + Messages.versions(comparison.pending()) + ")."
                            + " Check that the service that owns this schema has been deployed and migrated, or"
                            + " raise lock.timeout.");
                }
                if (now - nextLog >= 0) {
                    log.info("{}mode=wait: schema at {}, waiting for another service to reach V{}", prefix,
                            comparison.current(), resolved.target());
                    nextLog = now + PROGRESS_LOG_INTERVAL.toNanos();
                }
                backoff.pause(Duration.ofNanos(deadline - now));
            }
        });
    }

    private interface Work {
        MigrationReport run(Connection connection, String prefix) throws SQLException;
    }

    private MigrationReport withConnection(Work work) {
        Connection connection = engine.connections.openDedicated(engine.settings.get(CONNECT_TIMEOUT));
        try {
            return work.run(connection, engine.prefix(connection));
        } catch (SQLException | FlywayException e) {
            throw engine.runFailure(e, "");
        } finally {
            engine.connections.close(connection);
        }
    }

    /** The history compared with the shipped migrations; a failed row or changed checksum ends the run. */
    private Comparison compare(Connection connection, String prefix) throws SQLException {
        Comparison comparison = Comparison.of(engine.resolved(), engine.history.read(connection));
        LockstepException refusal = Failures.brokenHistory(comparison, prefix, true);
        if (refusal != null) {
            throw refusal;
        }
        return comparison;
    }

    private MigrationReport report(Outcome outcome, Comparison comparison) {
        @Nullable String current = comparison.current();
        return new MigrationReport(outcome, comparison.state(), current, current, List.of(), Duration.ZERO,
                Duration.ofNanos(System.nanoTime() - started), null, null, engine.instance, null, null, false);
    }
}
