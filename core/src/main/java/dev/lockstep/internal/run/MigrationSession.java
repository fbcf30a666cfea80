package dev.lockstep.internal.run;

import dev.lockstep.AppliedMigration;
import dev.lockstep.internal.flyway.RunCallback;
import dev.lockstep.internal.lock.AdvisoryLock;
import java.sql.Connection;
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
 */
final class MigrationSession implements RunCallback.Observer {
    private static final Logger log = LoggerFactory.getLogger(MigrationSession.class);

    /** The migration under way when Flyway reported a failure. */
    record Failed(@Nullable String version, String description, boolean outsideTransaction) {
        String label() {
            return version == null ? "repeatable migration '" + description + "'" : "V" + version + " (" + description + ")";
        }
    }

    private final AdvisoryLock lock;
    private final Duration lockTimeout;
    private final Duration statementTimeout;
    private final Listeners listeners;
    private final List<AppliedMigration> applied = new ArrayList<>();
    private @Nullable MigrationInfo current;
    private long currentStart;
    private boolean currentOutsideTransaction;
    private @Nullable Failed failed;

    MigrationSession(AdvisoryLock lock, Duration lockTimeout, Duration statementTimeout, Listeners listeners) {
        this.lock = lock;
        this.lockTimeout = lockTimeout;
        this.statementTimeout = statementTimeout;
        this.listeners = listeners;
    }

    @Override
    public void beforeMigration(Context context) {
        lock.verifyHeld();
        MigrationInfo migration = context.getMigrationInfo();
        Connection connection = context.getConnection();
        try {
            currentOutsideTransaction = connection.getAutoCommit();
            try (Statement statement = connection.createStatement()) {
                // SET inside a migration's transaction ends with it; outside one it is reset after the migration.
                statement.execute("SET lock_timeout = " + lockTimeout.toMillis());
                statement.execute("SET statement_timeout = " + statementTimeout.toMillis());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not set lock_timeout on the migration session: " + e.getMessage(), e);
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
        resetTimeouts(context.getConnection());
        listeners.each(l -> l.migrationApplied(done));
    }

    @Override
    public void migrationFailed(Context context) {
        MigrationInfo migration = current != null ? current : context.getMigrationInfo();
        if (migration != null) {
            failed = new Failed(versionOf(migration), migration.getDescription(), currentOutsideTransaction);
        }
        resetTimeouts(context.getConnection());
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
            statement.execute("RESET lock_timeout");
            statement.execute("RESET statement_timeout");
        } catch (SQLException e) {
            // In an aborted transaction the SET is rolled back anyway.
            log.debug("could not reset the migration session's timeouts: {}", e.getMessage());
        }
    }

    static @Nullable String versionOf(MigrationInfo migration) {
        return migration.getVersion() == null ? null : migration.getVersion().getVersion();
    }
}
