package dev.lockstep.spring;

import dev.lockstep.Health;
import dev.lockstep.LockstepSettings;
import dev.lockstep.Mode;
import dev.lockstep.OnFailure;
import dev.lockstep.SnapshotVerify;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Lockstep's settings under {@code lockstep.*}, the same names as in every other adapter. Flyway's own settings
 * stay under {@code spring.flyway.*}. Durations take a unit ({@code 30s}, {@code 10m}); a bare number is
 * milliseconds, as everywhere in Spring Boot.
 */
@ConfigurationProperties("lockstep")
public class LockstepProperties {

    /** Whether Lockstep runs Spring Boot's Flyway migration. When false, the starter backs off completely. */
    private boolean enabled = true;

    /** What the startup run does: migrate, validate (never writes), wait (for another service) or off. */
    private Mode mode = Mode.MIGRATE;

    /**
     * Whether the application waits for the run during startup (blocking), or starts at once and reports
     * OUT_OF_SERVICE on its readiness probe until the run has succeeded (background). Background start requires
     * that nothing touches the schema before the run ends: no JPA schema validation.
     */
    private Startup startup = Startup.BLOCKING;

    /** How long to keep retrying the first connection to the database. */
    private Duration connectTimeout = Duration.ofSeconds(60);

    private final Lock lock = new Lock();

    private final Migration migration = new Migration();

    private final Snapshot snapshot = new Snapshot();

    private final HealthSettings health = new HealthSettings();

    /** What a run does after a migration failed: fail, or restore the snapshot when changes were left behind. */
    private OnFailure onFailure = OnFailure.FAIL;

    /** Converts to the core's settings; fails with the core's message naming the setting and value. */
    public LockstepSettings toSettings() {
        return LockstepSettings.builder()
                .enabled(enabled)
                .mode(mode)
                .connectTimeout(connectTimeout)
                .lockTimeout(lock.timeout)
                .lockKey(lock.key)
                .migrationLockTimeout(migration.lockTimeout)
                .migrationStatementTimeout(migration.statementTimeout)
                .migrationLockRetryBudget(migration.lockRetryBudget)
                .healthAheadOfApp(health.aheadOfApp)
                .snapshotEnabled(snapshot.enabled)
                .snapshotDirectory(snapshot.directory)
                .snapshotRequired(snapshot.required)
                .snapshotKeep(snapshot.keep)
                .snapshotMaxAge(snapshot.maxAge)
                .snapshotTimeout(snapshot.timeout)
                .snapshotPgDumpPath(snapshot.pgDumpPath)
                .snapshotVerify(snapshot.verify)
                .onFailure(onFailure)
                .build();
    }

    /** Whether the application waits for the startup run. */
    public enum Startup {
        /** Startup waits for the run; a failed run stops the application (Spring Boot's own behaviour). */
        BLOCKING,
        /** The context starts at once; readiness stays OUT_OF_SERVICE until the run succeeds, DOWN if it fails. */
        BACKGROUND
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public Startup getStartup() {
        return startup;
    }

    public void setStartup(Startup startup) {
        this.startup = startup;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Lock getLock() {
        return lock;
    }

    public Migration getMigration() {
        return migration;
    }

    public Snapshot getSnapshot() {
        return snapshot;
    }

    public HealthSettings getHealth() {
        return health;
    }

    public OnFailure getOnFailure() {
        return onFailure;
    }

    public void setOnFailure(OnFailure onFailure) {
        this.onFailure = onFailure;
    }

    /** The advisory lock that lets exactly one instance migrate. */
    public static class Lock {

        /** How long to wait for another instance's run before failing with LOCK_TIMEOUT. */
        private Duration timeout = Duration.ofMinutes(10);

        /**
         * The advisory lock key. Derived from database, schema and Flyway's history table when not set; set it
         * only when two schemas must share one lock.
         */
        private @Nullable Long key;

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public @Nullable Long getKey() {
            return key;
        }

        public void setKey(@Nullable Long key) {
            this.key = key;
        }
    }

    /** Limits on the session that applies migrations. */
    public static class Migration {

        /** PostgreSQL lock_timeout for each migration: how long a statement may wait for a table lock. */
        private Duration lockTimeout = Duration.ofSeconds(5);

        /** PostgreSQL statement_timeout for each migration; 0 means none. */
        private Duration statementTimeout = Duration.ZERO;

        /**
         * How long to keep retrying a migration that timed out waiting for a table lock; 0 means no retry.
         */
        private Duration lockRetryBudget = Duration.ofMinutes(10);

        public Duration getLockTimeout() {
            return lockTimeout;
        }

        public void setLockTimeout(Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
        }

        public Duration getStatementTimeout() {
            return statementTimeout;
        }

        public void setStatementTimeout(Duration statementTimeout) {
            this.statementTimeout = statementTimeout;
        }

        public Duration getLockRetryBudget() {
            return lockRetryBudget;
        }

        public void setLockRetryBudget(Duration lockRetryBudget) {
            this.lockRetryBudget = lockRetryBudget;
        }
    }

    /** The pg_dump snapshot taken before migrations are applied. */
    public static class Snapshot {

        /** Whether to take a snapshot before applying pending migrations. */
        private boolean enabled = true;

        /** Where snapshots go; mount a volume here in containers. */
        private Path directory = Path.of("lockstep-snapshots");

        /** Whether a failed snapshot stops the run before any migration is applied. */
        private boolean required = true;

        /** How many verified snapshots retention always keeps (at least 1). */
        private int keep = 5;

        /** Beyond the kept ones, snapshots older than this are deleted. */
        private Duration maxAge = Duration.ofDays(7);

        /** Wall-clock limit for pg_dump. */
        private Duration timeout = Duration.ofMinutes(30);

        /** The pg_dump binary (pg_restore and psql are expected beside it); found on the PATH when not set. */
        private @Nullable Path pgDumpPath;

        /** How a snapshot is verified: list (read its table of contents) or full (read the whole archive). */
        private SnapshotVerify verify = SnapshotVerify.LIST;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Path getDirectory() {
            return directory;
        }

        public void setDirectory(Path directory) {
            this.directory = directory;
        }

        public boolean isRequired() {
            return required;
        }

        public void setRequired(boolean required) {
            this.required = required;
        }

        public int getKeep() {
            return keep;
        }

        public void setKeep(int keep) {
            this.keep = keep;
        }

        public Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public @Nullable Path getPgDumpPath() {
            return pgDumpPath;
        }

        public void setPgDumpPath(@Nullable Path pgDumpPath) {
            this.pgDumpPath = pgDumpPath;
        }

        public SnapshotVerify getVerify() {
            return verify;
        }

        public void setVerify(SnapshotVerify verify) {
            this.verify = verify;
        }
    }

    /** How schema states map onto health. */
    public static class HealthSettings {

        /**
         * The health of AHEAD_OF_APP (the database has migrations this application does not know, after a
         * rollback of the application): up or down.
         */
        private Health aheadOfApp = Health.UP;

        public Health getAheadOfApp() {
            return aheadOfApp;
        }

        public void setAheadOfApp(Health aheadOfApp) {
            this.aheadOfApp = aheadOfApp;
        }
    }
}
