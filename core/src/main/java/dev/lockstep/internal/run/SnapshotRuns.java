package dev.lockstep.internal.run;

import static dev.lockstep.LockstepSettings.CONNECT_TIMEOUT;
import static dev.lockstep.LockstepSettings.LOCK_TIMEOUT;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockTimeoutException;
import dev.lockstep.LockstepException;
import dev.lockstep.RestoreResult;
import dev.lockstep.RestoreStyle;
import dev.lockstep.Snapshot;
import dev.lockstep.SnapshotFailedException;
import dev.lockstep.internal.config.Durations;
import dev.lockstep.internal.lock.AdvisoryLock;
import dev.lockstep.internal.status.Comparison;
import dev.lockstep.spi.SnapshotRequest;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshot operations outside the startup run: a snapshot on demand and a restore. Both hold the Lockstep lock,
 * so no instance migrates while they work.
 */
final class SnapshotRuns {
    private static final Logger log = LoggerFactory.getLogger(SnapshotRuns.class);

    private final Engine engine;

    SnapshotRuns(Engine engine) {
        this.engine = engine;
    }

    private interface Locked<T> {
        T run(Connection lockConnection, String prefix) throws SQLException;
    }

    Snapshot takeNow() {
        return underLock("take a snapshot", (connection, prefix) -> {
            Comparison comparison = Comparison.of(engine.resolved(), engine.history.read(connection));
            return engine.snapshotProvider().take(new SnapshotRequest(comparison.current(), comparison.current(),
                    engine.appVersion, engine.instance));
        });
    }

    RestoreResult restore(String id, RestoreStyle style, String confirmDatabase) {
        return underLock("restore snapshot " + id, (connection, prefix) -> {
            String database = connection.getCatalog();
            if (!database.equals(confirmDatabase)) {
                throw new SnapshotFailedException(ErrorCode.RESTORE_FAILED, prefix + "Restore refused: it replaces"
                        + " every table of database " + database + " with snapshot " + id + ", and the confirmation"
                        + " names '" + confirmDatabase + "'. Pass the database name \"" + database + "\" to confirm.");
            }
            log.warn("{}restoring snapshot {} ({}): writes made since the snapshot are lost", prefix, id, style);
            return engine.snapshotProvider().restore(id, style);
        });
    }

    private <T> T underLock(String what, Locked<T> work) {
        Connection connection = engine.connections.openDedicated(engine.settings.get(CONNECT_TIMEOUT));
        String prefix = engine.prefix(connection);
        try {
            AdvisoryLock lock = new AdvisoryLock(connection, engine.lockKey(connection), prefix);
            AdvisoryLock.Acquisition acquisition = lock.acquire(engine.settings.get(LOCK_TIMEOUT), holder -> log.info(
                    "{}waiting for the Lockstep lock held by {} to {}", prefix, holder.describe(), what));
            if (!acquisition.acquired()) {
                throw new LockTimeoutException(prefix + "Could not " + what + ": another instance held the Lockstep"
                        + " lock for lock.timeout=" + Durations.format(engine.settings.get(LOCK_TIMEOUT))
                        + ". Retry when its migration is done, or raise lock.timeout.", acquisition.lastHolder());
            }
            try {
                return work.run(connection, prefix);
            } finally {
                // A swap ends every session on the database, this one too; its lock went with it.
                if (connection.isValid(5)) {
                    lock.release();
                }
            }
        } catch (SQLException e) {
            throw new LockstepException(ErrorCode.DATABASE_ERROR, prefix + "Could not " + what + ": "
                    + engine.connections.redact(e.getMessage()), engine.connections.redact(e));
        } finally {
            engine.connections.close(connection);
        }
    }
}
