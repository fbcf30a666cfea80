package dev.lockstep.spring;

import dev.lockstep.Lockstep;
import dev.lockstep.LockstepException;
import dev.lockstep.MigrationReport;
import dev.lockstep.Views;
import dev.lockstep.spring.LockstepProperties.Startup;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the startup migration through {@link Lockstep}, blocking or in the background, and remembers how it went:
 * the health indicator keeps readiness OUT_OF_SERVICE while it runs and DOWN when it failed. It also knows whether
 * Lockstep steps aside because the migration's database is not PostgreSQL ({@link #steppedAside()}).
 */
public final class LockstepStartup {
    private static final Logger log = LoggerFactory.getLogger(LockstepStartup.class);

    /** Where the startup run is. */
    public enum Phase {
        /** No run was started through the starter (yet, or a custom FlywayMigrationStrategy runs its own). */
        NOT_STARTED,
        RUNNING,
        SUCCEEDED,
        FAILED,
        /** The migration's database is not PostgreSQL: Lockstep runs nothing and Spring Boot's Flyway migrates. */
        STEPPED_ASIDE
    }

    private final Lockstep lockstep;
    private final Startup startup;
    private final IntConsumer exit;
    private volatile Phase phase = Phase.NOT_STARTED;
    private volatile @Nullable MigrationReport report;
    private volatile @Nullable RuntimeException failure;
    private final Object asking = new Object();
    private volatile @Nullable Optional<String> steppedAside;

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
     * Why Lockstep steps aside, when the database the migration runs on (the {@code Flyway} DataSource) is not
     * PostgreSQL: a sentence naming the database, also logged once at INFO; empty for PostgreSQL. Decided from the
     * database itself (its JDBC driver's product name, on one borrowed connection, since a pool or proxy may wrap
     * anything), once: the starter's migration strategy asks before it migrates, the health indicator, endpoint
     * and meters read the answer. When the database cannot be reached then, Lockstep does not step aside: its run
     * reports the connection failure as usual, and once a run has started nothing is asked any more.
     */
    public Optional<String> steppedAside() {
        Optional<String> known = steppedAside;
        if (known != null) {
            return known;
        }
        if (phase != Phase.NOT_STARTED) {
            return Optional.empty(); // a run started, so the answer was "PostgreSQL" or could not be had
        }
        synchronized (asking) {
            if (steppedAside == null) {
                String other = otherDatabase();
                if (other == null) {
                    return Optional.empty();
                }
                steppedAside = other.isEmpty() ? Optional.empty() : Optional.of(stepAside(other));
            }
            return steppedAside;
        }
    }

    /** Empty for PostgreSQL, the product and version found otherwise, null when the database could not be asked. */
    private @Nullable String otherDatabase() {
        DataSource dataSource = lockstep.flyway().getConfiguration().getDataSource();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            String product = metaData.getDatabaseProductName();
            String version = metaData.getDatabaseProductVersion();
            return "PostgreSQL".equals(product) ? "" : version == null ? product : product + " " + version;
        } catch (SQLException e) {
            log.debug("Could not ask the migration's database which product it is, so Lockstep runs: {}",
                    Views.redacted(e.getMessage()));
            return null;
        }
    }

    private String stepAside(String database) {
        phase = Phase.STEPPED_ASIDE;
        String message = "Lockstep steps aside: the migration's database is " + database + ", not PostgreSQL, so"
                + " Spring Boot's Flyway migrates it as it would without Lockstep (no lock, snapshot or run history;"
                + " Lockstep runs on PostgreSQL only).";
        log.info(message);
        return message;
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
