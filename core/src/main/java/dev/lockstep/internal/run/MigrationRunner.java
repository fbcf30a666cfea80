package dev.lockstep.internal.run;

import static dev.lockstep.LockstepSettings.MIGRATION_LOCK_RETRY_BUDGET;
import static dev.lockstep.LockstepSettings.MIGRATION_LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.MIGRATION_STATEMENT_TIMEOUT;

import dev.lockstep.AppliedMigration;
import dev.lockstep.ErrorCode;
import dev.lockstep.FailedMigration;
import dev.lockstep.LockstepException;
import dev.lockstep.internal.Backoff;
import dev.lockstep.internal.config.Durations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Flyway's migrate, and when a migration gave up waiting for a table lock ({@code lock_timeout}, SQLSTATE
 * 55P03) and was rolled back, runs it again after a pause with jitter until {@code migration.lock-retry-budget}
 * is spent. Each attempt queues behind the blocking transaction for at most {@code migration.lock-timeout}, so
 * the application's own queries on that table are never stalled for longer.
 */
final class MigrationRunner {
    private static final Logger log = LoggerFactory.getLogger(MigrationRunner.class);

    /** Why the migration failed, with the message a user reads. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final ErrorCode code;
        private final transient @Nullable FailedMigration failed;

        Failure(ErrorCode code, String message, @Nullable FailedMigration failed, Throwable cause) {
            super(message, cause);
            this.code = code;
            this.failed = failed;
        }

        ErrorCode code() {
            return code;
        }

        @Nullable FailedMigration failed() {
            return failed;
        }
    }

    private final Engine engine;
    private final MigrationSession session;
    private final String prefix;

    MigrationRunner(Engine engine, MigrationSession session, String prefix) {
        this.engine = engine;
        this.session = session;
        this.prefix = prefix;
    }

    MigrateResult migrate() throws Failure {
        Duration budget = engine.settings.get(MIGRATION_LOCK_RETRY_BUDGET);
        long firstLockTimeout = 0;
        int attempt = 0;
        while (true) {
            try {
                return engine.flyway.migrate();
            } catch (RuntimeException e) {
                // FlywayException mostly; anything else (a user's callback or resolver) ends the run the same way.
                LockstepException ours = Failures.lockstepCause(e).orElse(null);
                if (ours != null) {
                    throw new Failure(ours.code(), ours.getMessage(), null, engine.connections.redact(ours));
                }
                MigrationSession.Failed failed = session.failed();
                String sqlState = Failures.sqlState(e);
                boolean retryable = Failures.LOCK_NOT_AVAILABLE.equals(sqlState) && failed != null
                        && rollback(failed) == Rollback.COMPLETE;
                if (!retryable) {
                    throw failure(e, failed, sqlState);
                }
                long now = System.nanoTime();
                if (attempt == 0) {
                    firstLockTimeout = now;
                }
                attempt++;
                Duration spent = Duration.ofNanos(now - firstLockTimeout);
                Duration remaining = budget.minus(spent);
                if (remaining.isNegative() || remaining.isZero()) {
                    throw lockBudgetSpent(e, failed, attempt, spent);
                }
                Duration pause = pause(remaining);
                int tries = attempt;
                log.info("{}{} waited longer than migration.lock-timeout={} for a table lock and was rolled back;"
                        + " retrying in {} ms (attempt {}, {} s of migration.lock-retry-budget={} spent)", prefix,
                        failed.label(), Durations.format(engine.settings.get(MIGRATION_LOCK_TIMEOUT)), pause.toMillis(),
                        tries + 1, spent.toSeconds(), Durations.format(budget));
                engine.listeners.each(l -> l.migrationLockRetry(failed.version(), failed.description(), tries, spent));
                Backoff.sleep(pause);
            }
        }
    }

    /** Half to one and a half times half the lock timeout, at least 100 ms, at most 5 s and what the budget has left. */
    private Duration pause(Duration remaining) {
        long base = Math.min(5000, Math.max(100, engine.settings.get(MIGRATION_LOCK_TIMEOUT).toMillis() / 2));
        long millis = (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble()));
        return Duration.ofMillis(Math.max(1, Math.min(millis, remaining.toMillis())));
    }

    private Failure lockBudgetSpent(RuntimeException e, MigrationSession.Failed failed, int attempts, Duration spent) {
        String message = prefix + "Migration " + failed.label() + " could not get the table lock it needs: each of "
                + attempts + " attempts waited migration.lock-timeout="
                + Durations.format(engine.settings.get(MIGRATION_LOCK_TIMEOUT)) + " behind another transaction, for "
                + spent.toSeconds() + " s in all (migration.lock-retry-budget="
                + Durations.format(engine.settings.get(MIGRATION_LOCK_RETRY_BUDGET)) + ")." + failed.source()
                + " Every attempt was rolled"
                + " back, so the schema is as it was before " + failed.label() + ". Find the long transaction (SELECT"
                + " pid, state, xact_start, query FROM pg_stat_activity ORDER BY xact_start) and end it, or raise"
                + " migration.lock-retry-budget.";
        return new Failure(ErrorCode.MIGRATION_LOCK_TIMEOUT, message, new FailedMigration(failed.version(),
                failed.description(), Failures.LOCK_NOT_AVAILABLE, message, false), engine.connections.redact(e));
    }

    private Failure failure(RuntimeException e, MigrationSession.@Nullable Failed failed, @Nullable String sqlState) {
        if (failed == null) {
            // A lock that was never really ours (a pooler in transaction mode) makes Flyway fail in odd ways:
            // report the cause, not the symptom.
            try {
                session.verifyLock();
            } catch (LockstepException lost) {
                lost.addSuppressed(engine.connections.redact(e));
                return new Failure(lost.code(), lost.getMessage(), null, engine.connections.redact(lost));
            }
            return new Failure(ErrorCode.MIGRATION_FAILED, outsideMigrations(e, sqlState), null,
                    engine.connections.redact(e));
        }
        String reason = engine.connections.redact(Failures.migrationFailure(e));
        String state = sqlState == null ? "" : " (SQLSTATE " + sqlState + ")";
        String timeout = Failures.QUERY_CANCELED.equals(sqlState) && !engine.settings.get(MIGRATION_STATEMENT_TIMEOUT).isZero()
                ? " It ran longer than migration.statement-timeout="
                        + Durations.format(engine.settings.get(MIGRATION_STATEMENT_TIMEOUT)) + "; raise it for this migration."
                : "";
        Rollback rollback = rollback(failed);
        String consequence = switch (rollback) {
            case COMPLETE -> " It ran in a transaction that was rolled back: the database is as it was before "
                    + failed.label() + ". Fix the migration and start again.";
            case PARTIAL -> failed.outsideTransaction()
                    ? " It ran outside a transaction, so its partial changes stay and Flyway recorded it as failed:"
                            + " undo them by hand, remove the failed row with flyway repair, fix the migration and start again."
                    : " It committed part of its own work before it failed (a COMMIT inside the migration): what ran"
                            + " before that COMMIT stays in the database, what ran after it was rolled back, and Flyway"
                            + " recorded none of it. The database is not as it was before " + failed.label() + ". Undo"
                            + " what stayed by hand (compare the database with the file), remove the COMMIT, and start again.";
            case UNKNOWN -> " It ran in a transaction, but Lockstep could not confirm that the rollback undid all of it"
                    + " (the database did not answer): compare the database with the migration before starting again.";
        };
        String hint = new Diagnosis(engine.connections).privilegeOrReadOnly(sqlState);
        String message = prefix + "Migration " + failed.label() + " failed: " + reason + state + "." + failed.source() + timeout
                + hint + consequence;
        return new Failure(ErrorCode.MIGRATION_FAILED, message, new FailedMigration(failed.version(),
                failed.description(), sqlState, message, rollback == Rollback.PARTIAL), engine.connections.redact(e));
    }

    /** Flyway failed with no migration under way: before the first one, or after some were applied. */
    private String outsideMigrations(RuntimeException e, @Nullable String sqlState) {
        String reason = engine.connections.redact(e instanceof FlywayException ? e.getMessage() : String.valueOf(e));
        String hint = new Diagnosis(engine.connections).hint(sqlState, engine.history.qualifiedName());
        List<AppliedMigration> applied = session.applied();
        if (applied.isEmpty()) {
            return prefix + "Flyway failed before applying a migration: " + reason + hint;
        }
        String advisory = reason.contains("advisory lock")
                ? " A migration probably released Flyway's own advisory lock (pg_advisory_unlock_all() or"
                        + " pg_advisory_unlock): remove that call. Lockstep's lock, held on a connection of its own, was"
                        + " not affected."
                : "";
        return prefix + "Flyway failed after applying " + applied.stream().map(m -> m.version() == null
                ? "'" + m.description() + "'" : "V" + m.version()).collect(Collectors.joining(", ")) + ": " + reason
                + ". Those migrations stay applied (Flyway recorded each as it committed)." + advisory + hint;
    }

    /** What the rollback of a failed migration's transaction undid. */
    enum Rollback { COMPLETE, PARTIAL, UNKNOWN }

    /**
     * Asks PostgreSQL about the transaction the migration started in: aborted means the rollback undid everything;
     * committed means the migration committed it itself (a {@code COMMIT} in the file) and went on in another. A
     * migration outside a transaction had nothing to roll back: what it did stays.
     */
    private Rollback rollback(MigrationSession.Failed failed) {
        Long transaction = failed.transactionId();
        if (transaction == null) {
            return Rollback.PARTIAL;
        }
        try (Connection connection = engine.connections.borrow();
                PreparedStatement statement = connection.prepareStatement("SELECT txid_status(?)")) {
            statement.setLong(1, transaction);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                String status = row.getString(1);
                return "aborted".equals(status) ? Rollback.COMPLETE
                        : "committed".equals(status) ? Rollback.PARTIAL : Rollback.UNKNOWN;
            }
        } catch (SQLException e) {
            log.debug("{}could not ask whether transaction {} rolled back: {}", prefix, transaction,
                    engine.connections.redact(e.getMessage()));
            return Rollback.UNKNOWN;
        }
    }
}
