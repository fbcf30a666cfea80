package dev.lockstep.spring;

import dev.lockstep.Lockstep;
import dev.lockstep.LockstepException;
import dev.lockstep.MigrationReport;
import dev.lockstep.spring.LockstepProperties.Startup;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the startup migration through {@link Lockstep}, blocking or in the background, and remembers how it went:
 * the health indicator keeps readiness OUT_OF_SERVICE while it runs and DOWN when it failed.
 */
public final class LockstepStartup {
    private static final Logger log = LoggerFactory.getLogger(LockstepStartup.class);

    /** Where the startup run is. */
    public enum Phase {
        /** No run was started through the starter (yet, or a custom FlywayMigrationStrategy runs its own). */
        NOT_STARTED,
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    private final Lockstep lockstep;
    private final Startup startup;
    private final IntConsumer exit;
    private volatile Phase phase = Phase.NOT_STARTED;
    private volatile @Nullable MigrationReport report;
    private volatile @Nullable RuntimeException failure;

    public LockstepStartup(Lockstep lockstep, Startup startup) {
        this(lockstep, startup, System::exit);
    }

    /** With {@code lockstep.startup=exit}, {@code exit} ends the JVM with the run's exit code. */
    LockstepStartup(Lockstep lockstep, Startup startup, IntConsumer exit) {
        this.lockstep = lockstep;
        this.startup = startup;
        this.exit = exit;
    }

    /**
     * Runs the migration now ({@code lockstep.startup=blocking}: a failure is thrown and stops startup), starts it on
     * a thread of its own and returns at once ({@code background}: a failure is logged and reported by the health
     * indicator), or runs it and ends the JVM with its exit code ({@code exit}).
     */
    public void start() {
        if (startup == Startup.BLOCKING) {
            migrate();
            return;
        }
        if (startup == Startup.EXIT) {
            exit.accept(migrateForExit());
            return;
        }
        phase = Phase.RUNNING;
        Thread thread = new Thread(this::migrateInBackground, "lockstep-startup");
        // The application may stop before a long run ends; the run's session then ends with the JVM.
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs the migration on the calling thread and records its outcome; rethrows a failure. */
    public MigrationReport migrate() {
        phase = Phase.RUNNING;
        try {
            MigrationReport result = lockstep.migrate();
            report = result;
            phase = Phase.SUCCEEDED;
            return result;
        } catch (RuntimeException e) {
            failure = e;
            phase = Phase.FAILED;
            throw e;
        }
    }

    /**
     * {@code lockstep.startup=exit}: the run on this thread, during the context's refresh (before the web server
     * starts and before any bean that needs the schema), told once in the log; 0 when it succeeded, 1 when not.
     */
    private int migrateForExit() {
        try {
            MigrationReport result = migrate();
            log.info("lockstep.startup=exit: {}; exiting with code 0 before the application starts", result.summary());
            return 0;
        } catch (LockstepException e) {
            log.error("lockstep.startup=exit: the run failed ({}); exiting with code 1: {}", e.code(), e.getMessage());
            log.debug("Lockstep's run failed", e);
            return 1;
        } catch (RuntimeException e) {
            log.error("lockstep.startup=exit: the run failed; exiting with code 1", e);
            return 1;
        }
    }

    private void migrateInBackground() {
        try {
            migrate();
        } catch (LockstepException e) {
            // The message names the fix and never a password; the health indicator shows it too.
            log.error("Lockstep's background run failed ({}); readiness stays DOWN: {}", e.code(), e.getMessage());
            log.debug("Lockstep's background run failed", e);
        } catch (RuntimeException e) {
            log.error("Lockstep's background run failed; readiness stays DOWN", e);
        }
    }

    public Phase phase() {
        return phase;
    }

    public Startup startup() {
        return startup;
    }

    /** The report of a successful run. */
    public @Nullable MigrationReport report() {
        return report;
    }

    /** Why the run failed, when {@link #phase()} is FAILED. */
    public @Nullable RuntimeException failure() {
        return failure;
    }

    public Lockstep lockstep() {
        return lockstep;
    }
}
