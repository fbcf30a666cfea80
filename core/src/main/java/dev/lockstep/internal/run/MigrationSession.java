package dev.lockstep.internal.run;

import dev.lockstep.AppliedMigration;
import dev.lockstep.internal.flyway.RunCallback;
import dev.lockstep.internal.lock.AdvisoryLock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Context;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens around each migration of one run: confirm we still hold the lock (fencing), put the lock and
 * statement timeouts on the migration session, and keep track of what was applied and what failed.
 *
 * <p>The first two cost one round trip per migration: a single statement on the migration's own connection, inside
 * its transaction, asks PostgreSQL whether the lock's session still holds the lock ({@link AdvisoryLock#fence}) and,
 * only if it does, sets the timeouts local to that transaction, so they end with it and need no RESET. A migration
 * outside a transaction ({@code CREATE INDEX CONCURRENTLY}) gets them for the session instead, reset after it.
 */
final class MigrationSession implements RunCallback.Observer {
    private static final Logger log = LoggerFactory.getLogger(MigrationSession.class);

    /**
     * The migration under way when Flyway reported a failure, with the id of the transaction it started in; none when
     * it ran outside a transaction.
     */
    record Failed(@Nullable String version, String description, @Nullable String script, @Nullable Long transactionId) {
        boolean outsideTransaction() {
            return transactionId == null;
        }

        String label() {
            return version == null ? "repeatable migration '" + description + "'" : "V" + version + " (" + description + ")";
        }

        /** " Its file: V4__loyalty.sql." or " Its class: db.migration.V5__Backfill.", empty when Flyway gave none. */
        String source() {
            if (script == null || script.isBlank()) {
                return "";
            }
            return (script.endsWith(".sql") ? " Its file: " : " Its class: ") + script + ".";
        }
    }

    private final AdvisoryLock lock;
    private final String enterInTransaction;
    private final String enterOutsideTransaction;
    private final Listeners listeners;
    private final List<AppliedMigration> applied = new ArrayList<>();
    private @Nullable MigrationInfo current;
    private long currentStart;
    private boolean currentOutsideTransaction;
    private @Nullable Long currentTransaction;
    private @Nullable Failed failed;

    /** Prepares the fencing check ({@link AdvisoryLock#fence}); fails when the lock is already lost. */
    MigrationSession(AdvisoryLock lock, Duration lockTimeout, Duration statementTimeout, Listeners listeners)
            throws SQLException {
        String held = lock.fence();
        this.lock = lock;
        this.enterInTransaction = enter(held, lockTimeout, statementTimeout, true);
        this.enterOutsideTransaction = enter(held, lockTimeout, statementTimeout, false);
        this.listeners = listeners;
    }

    /**
     * The fencing check and, when it passes, the timeouts: one statement, constant for the run. In a transaction it also
     * returns the transaction's id, so that after a failure Lockstep can ask whether it really rolled back: a migration
     * that runs {@code COMMIT} inside itself commits this transaction and goes on in another.
     */
    private static String enter(String held, Duration lockTimeout, Duration statementTimeout, boolean local) {
        return "SELECT held, CASE WHEN held THEN set_config('lock_timeout', '" + lockTimeout.toMillis() + "', "
                + local + ") END, CASE WHEN held THEN set_config('statement_timeout', '" + statementTimeout.toMillis()
                + "', " + local + ") END, " + (local ? "CASE WHEN held THEN txid_current() END" : "NULL::bigint")
                + " FROM (SELECT " + held + " AS held) AS fence";
    }

    @Override
    public void beforeMigration(Context context) {
        MigrationInfo migration = context.getMigrationInfo();
        Connection connection = context.getConnection();
        boolean held;
        try {
            currentOutsideTransaction = connection.getAutoCommit();
            try (PreparedStatement statement = connection.prepareStatement(
                    currentOutsideTransaction ? enterOutsideTransaction : enterInTransaction);
                    ResultSet row = statement.executeQuery()) {
                row.next();
                held = row.getBoolean(1);
                long id = row.getLong(4);
                currentTransaction = row.wasNull() ? null : id;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not check the Lockstep lock and set lock_timeout on the migration"
                    + " session: " + e.getMessage(), e);
        }
        if (!held) {
            throw lock.lost();
        }
        current = migration;
        currentStart = System.nanoTime();
        failed = null;
        listeners.each(l -> l.migrationStarting(versionOf(migration), migration.getDescription()));
    }

    @Override
    public void afterMigration(Context context) {
        MigrationInfo migration = context.getMigrationInfo();
        AppliedMigration done = new AppliedMigration(versionOf(migration), migration.getDescription(),
                migration.getScript(), Duration.ofNanos(System.nanoTime() - currentStart));
        applied.add(done);
        if (currentOutsideTransaction) {
            resetTimeouts(context.getConnection());
        }
        listeners.each(l -> l.migrationApplied(done));
    }

    @Override
    public void migrationFailed(Context context) {
        MigrationInfo migration = current != null ? current : context.getMigrationInfo();
        if (migration != null) {
            failed = new Failed(versionOf(migration), migration.getDescription(), migration.getScript(),
                    currentTransaction);
        }
        if (currentOutsideTransaction) {
            resetTimeouts(context.getConnection());
        }
    }

    /** Confirms this run still holds the Lockstep lock; throws LOCK_NOT_HELD or LOCK_LOST otherwise. */
    void verifyLock() {
        lock.verifyHeld();
    }

    List<AppliedMigration> applied() {
        return List.copyOf(applied);
    }

    @Nullable Failed failed() {
        return failed;
    }

    private static void resetTimeouts(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("RESET lock_timeout; RESET statement_timeout");
        } catch (SQLException e) {
            log.debug("could not reset the migration session's timeouts: {}", e.getMessage());
        }
    }

    static @Nullable String versionOf(MigrationInfo migration) {
        return migration.getVersion() == null ? null : migration.getVersion().getVersion();
    }
}
