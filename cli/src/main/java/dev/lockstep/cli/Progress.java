package dev.lockstep.cli;

import dev.lockstep.AppliedMigration;
import dev.lockstep.LockHolder;
import dev.lockstep.spi.MigrationListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One line on a terminal's stderr that says what a long command is doing and for how long: waiting for the lock
 * (and who holds it), applying a migration, pg_dump or a restore at work. Rewritten every second, erased at the
 * end; nothing at all when stderr is no terminal. As a {@link MigrationListener} it follows the run's events.
 */
final class Progress implements MigrationListener, AutoCloseable {
    private static final String[] SPINNER = {"|", "/", "-", "\\"};
    /** Narrower than any terminal in use. */
    private static final int WIDTH = 79;

    private final @Nullable PrintStream err;
    private final long started = System.nanoTime();
    private final @Nullable ScheduledExecutorService ticker;
    private volatile String activity;
    private int ticks;
    private boolean closed;

    private Progress(@Nullable PrintStream err, String activity) {
        this.err = err;
        this.activity = activity;
        if (err == null) {
            ticker = null;
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lockstep-progress");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(this::draw, 0, 1, TimeUnit.SECONDS);
    }

    /** A progress line on stderr when the output allows one; otherwise an instance that shows nothing. */
    static Progress start(Output output, String activity) {
        return new Progress(output.progress() ? output.err() : null, activity);
    }

    void activity(String now) {
        activity = now;
        draw();
    }

    @Override
    public void lockWaiting(LockHolder holder) {
        activity("waiting for the lock held by " + holder.describe());
    }

    @Override
    public void lockAcquired(Duration waited) {
        activity("holding the lock: snapshot, then migrations");
    }

    @Override
    public void migrationStarting(@Nullable String version, String description) {
        activity("applying " + Human.version(version) + " " + description);
    }

    @Override
    public void migrationApplied(AppliedMigration migration) {
        activity("applied " + Human.version(migration.version()) + " " + migration.description());
    }

    @Override
    public void migrationLockRetry(@Nullable String version, String description, int attempt, Duration spent) {
        activity(Human.version(version) + " waits for a table lock (attempt " + attempt + ")");
    }

    private synchronized void draw() {
        if (err == null || closed) {
            return;
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        // Carriage return and "erase to end of line": the line is rewritten in place.
        String elapsed = " (" + seconds + " s)";
        String text = activity;
        // A line longer than the terminal wraps, and the carriage return would rewrite only its last part.
        if (text.length() + elapsed.length() + 2 > WIDTH) {
            text = text.substring(0, Math.max(0, WIDTH - elapsed.length() - 5)) + "...";
        }
        err.print("\r\u001B[K" + SPINNER[ticks++ % SPINNER.length] + " " + text + elapsed);
        err.flush();
    }

    @Override
    public synchronized void close() {
        if (ticker == null || err == null) {
            return;
        }
        closed = true;
        ticker.shutdownNow();
        err.print("\r\u001B[K");
        err.flush();
    }
}
