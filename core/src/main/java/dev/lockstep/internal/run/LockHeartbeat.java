package dev.lockstep.internal.run;

import dev.lockstep.LockstepException;
import dev.lockstep.internal.lock.AdvisoryLock;
import java.time.Duration;
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
    static final Duration INTERVAL = Duration.ofSeconds(5);

    private final ScheduledExecutorService timer;

    LockHeartbeat(AdvisoryLock lock) {
        this(lock, INTERVAL);
    }

    /** A heartbeat every {@code interval}; every run uses {@link #INTERVAL}, tests a shorter one. */
    LockHeartbeat(AdvisoryLock lock, Duration interval) {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "lockstep-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                lock.verifyHeld();
            } catch (LockstepException e) {
                log.warn("{}", e.getMessage()); // the lock's failures start with its [database/schema] prefix
                throw e; // ends the schedule: one warning is enough
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
