package dev.lockstep.internal.run;

import dev.lockstep.LockstepException;
import dev.lockstep.internal.lock.AdvisoryLock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every few seconds, while a run holds the lock, that it still does. The traffic keeps the idle lock
 * connection alive through proxies and idle timeouts, and a loss is logged at once; the run itself stops
 * before its next migration, where {@link MigrationSession} checks again.
 */
final class LockHeartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LockHeartbeat.class);
    private static final long INTERVAL_SECONDS = 5;

    private final ScheduledExecutorService timer;

    LockHeartbeat(AdvisoryLock lock, String prefix) {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "lockstep-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                lock.verifyHeld();
            } catch (LockstepException e) {
                log.warn("{}{}", prefix, e.getMessage());
                throw e; // ends the schedule: one warning is enough
            }
        }, INTERVAL_SECONDS, INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            // verifyHeld holds the lock connection's monitor: wait for it before the connection is released.
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
