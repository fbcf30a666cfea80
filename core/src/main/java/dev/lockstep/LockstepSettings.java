package dev.lockstep;

import dev.lockstep.internal.config.SettingParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Lockstep's settings, immutable and validated when built. Every adapter uses the same names: Spring Boot
 * {@code lockstep.<key>}, Quarkus {@code quarkus.lockstep.<key>}, environment {@code LOCKSTEP_<KEY>}.
 *
 * @param enabled {@code enabled}: whether Lockstep runs at startup
 * @param mode {@code mode}: migrate, validate, wait or off
 * @param connectTimeout {@code connect-timeout}: how long to retry the first connection
 * @param lockTimeout {@code lock.timeout}: how long to wait for another instance's run
 * @param lockKey {@code lock.key}: the advisory lock key; null derives it from database, schema and table
 * @param migrationLockTimeout {@code migration.lock-timeout}: PostgreSQL {@code lock_timeout} for migrations
 * @param migrationStatementTimeout {@code migration.statement-timeout}: {@code statement_timeout} for
 *     migrations; zero means none
 * @param migrationLockRetryBudget {@code migration.lock-retry-budget}: how long to keep retrying a migration
 *     that timed out waiting for a table lock; zero means no retry
 * @param healthAheadOfApp {@code health.ahead-of-app}: the health of AHEAD_OF_APP, UP or DOWN
 * @param snapshotEnabled {@code snapshot.enabled}: take a snapshot before applying migrations
 * @param snapshotDirectory {@code snapshot.directory}: where snapshots go (mount a volume in containers)
 * @param snapshotRequired {@code snapshot.required}: stop the run before any migration when the snapshot fails
 * @param snapshotKeep {@code snapshot.keep}: how many verified snapshots retention always keeps
 * @param snapshotMaxAge {@code snapshot.max-age}: beyond the kept ones, snapshots older than this are deleted
 * @param snapshotTimeout {@code snapshot.timeout}: wall-clock limit for pg_dump
 * @param snapshotPgDumpPath {@code snapshot.pg-dump-path}: the pg_dump binary (pg_restore and psql beside it); null
 *     finds it on the PATH
 * @param snapshotVerify {@code snapshot.verify}: {@code list} reads the archive's table of contents,
 *     {@code full} reads the whole archive
 * @param onFailure {@code on-failure}: {@code fail}, or {@code restore} the snapshot when a failed migration
 *     left changes behind
 */
public record LockstepSettings(
        boolean enabled,
        Mode mode,
        Duration connectTimeout,
        Duration lockTimeout,
        @Nullable Long lockKey,
        Duration migrationLockTimeout,
        Duration migrationStatementTimeout,
        Duration migrationLockRetryBudget,
        Health healthAheadOfApp,
        boolean snapshotEnabled,
        Path snapshotDirectory,
        boolean snapshotRequired,
        int snapshotKeep,
        Duration snapshotMaxAge,
        Duration snapshotTimeout,
        @Nullable Path snapshotPgDumpPath,
        SnapshotVerify snapshotVerify,
        OnFailure onFailure) {

    public static final boolean DEFAULT_ENABLED = true;
    public static final Mode DEFAULT_MODE = Mode.MIGRATE;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_MIGRATION_LOCK_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MIGRATION_STATEMENT_TIMEOUT = Duration.ZERO;
    public static final Duration DEFAULT_MIGRATION_LOCK_RETRY_BUDGET = Duration.ofMinutes(10);
    public static final Health DEFAULT_HEALTH_AHEAD_OF_APP = Health.UP;
    public static final boolean DEFAULT_SNAPSHOT_ENABLED = true;
    public static final Path DEFAULT_SNAPSHOT_DIRECTORY = Path.of("lockstep-snapshots");
    public static final boolean DEFAULT_SNAPSHOT_REQUIRED = true;
    public static final int DEFAULT_SNAPSHOT_KEEP = 5;
    public static final Duration DEFAULT_SNAPSHOT_MAX_AGE = Duration.ofDays(7);
    public static final Duration DEFAULT_SNAPSHOT_TIMEOUT = Duration.ofMinutes(30);
    public static final SnapshotVerify DEFAULT_SNAPSHOT_VERIFY = SnapshotVerify.LIST;
    public static final OnFailure DEFAULT_ON_FAILURE = OnFailure.FAIL;

    public LockstepSettings {
        Objects.requireNonNull(mode, "mode");
        requirePositive("connect-timeout", connectTimeout);
        requirePositive("lock.timeout", lockTimeout);
        requirePositive("migration.lock-timeout", migrationLockTimeout);
        requireNotNegative("migration.statement-timeout", migrationStatementTimeout);
        requireNotNegative("migration.lock-retry-budget", migrationLockRetryBudget);
        if (healthAheadOfApp == Health.OUT_OF_SERVICE) {
            throw SettingParser.invalid("health.ahead-of-app", "out_of_service", "use up or down");
        }
        Objects.requireNonNull(snapshotDirectory, "snapshot.directory");
        if (snapshotDirectory.toString().isBlank()) {
            throw SettingParser.invalid("snapshot.directory", "", "use a directory path such as /var/lib/app/snapshots");
        }
        if (snapshotKeep < 1) {
            throw SettingParser.invalid("snapshot.keep", String.valueOf(snapshotKeep),
                    "use 1 or more: the newest verified snapshot is always kept");
        }
        requireNotNegative("snapshot.max-age", snapshotMaxAge);
        requirePositive("snapshot.timeout", snapshotTimeout);
        Objects.requireNonNull(snapshotVerify, "snapshot.verify");
        Objects.requireNonNull(onFailure, "on-failure");
        if (onFailure == OnFailure.RESTORE && !snapshotEnabled) {
            throw SettingParser.invalid("on-failure", "restore",
                    "restoring needs a snapshot; set snapshot.enabled=true or on-failure=fail");
        }
    }

    /**
     * Every key of the configuration contract the core accepts, in the contract's order. Adapters test against it
     * that they map each one.
     */
    public static java.util.List<String> keys() {
        return SettingParser.KEYS;
    }

    /** The defaults of the configuration contract. */
    public static LockstepSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Settings from {@code LOCKSTEP_*} environment variables over the defaults ({@code LOCKSTEP_LOCK_TIMEOUT=5m},
     * {@code LOCKSTEP_MIGRATION_LOCK_TIMEOUT=2s}); other variables are ignored.
     */
    public static LockstepSettings fromEnvironment(Map<String, String> environment) {
        Builder builder = builder();
        environment.forEach((name, value) -> SettingParser.keyOfEnvironmentVariable(name)
                .ifPresent(key -> builder.set(key, value)));
        return builder.build();
    }

    /** A copy to change: {@code settings.toBuilder().mode(Mode.VALIDATE).build()}. */
    public Builder toBuilder() {
        return builder().enabled(enabled).mode(mode).connectTimeout(connectTimeout).lockTimeout(lockTimeout)
                .lockKey(lockKey).migrationLockTimeout(migrationLockTimeout)
                .migrationStatementTimeout(migrationStatementTimeout)
                .migrationLockRetryBudget(migrationLockRetryBudget).healthAheadOfApp(healthAheadOfApp)
                .snapshotEnabled(snapshotEnabled).snapshotDirectory(snapshotDirectory).snapshotRequired(snapshotRequired)
                .snapshotKeep(snapshotKeep).snapshotMaxAge(snapshotMaxAge).snapshotTimeout(snapshotTimeout)
                .snapshotPgDumpPath(snapshotPgDumpPath).snapshotVerify(snapshotVerify).onFailure(onFailure);
    }

    private static void requirePositive(String key, @Nullable Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw SettingParser.invalid(key, SettingParser.format(value), "use a positive duration such as 30s or 10m");
        }
    }

    private static void requireNotNegative(String key, @Nullable Duration value) {
        if (value == null || value.isNegative()) {
            throw SettingParser.invalid(key, SettingParser.format(value), "use 0 or a positive duration such as 30s");
        }
    }

    /** Collects settings; {@link #build()} validates them. */
    public static final class Builder {
        private boolean enabled = DEFAULT_ENABLED;
        private Mode mode = DEFAULT_MODE;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
        private @Nullable Long lockKey;
        private Duration migrationLockTimeout = DEFAULT_MIGRATION_LOCK_TIMEOUT;
        private Duration migrationStatementTimeout = DEFAULT_MIGRATION_STATEMENT_TIMEOUT;
        private Duration migrationLockRetryBudget = DEFAULT_MIGRATION_LOCK_RETRY_BUDGET;
        private Health healthAheadOfApp = DEFAULT_HEALTH_AHEAD_OF_APP;
        private boolean snapshotEnabled = DEFAULT_SNAPSHOT_ENABLED;
        private Path snapshotDirectory = DEFAULT_SNAPSHOT_DIRECTORY;
        private boolean snapshotRequired = DEFAULT_SNAPSHOT_REQUIRED;
        private int snapshotKeep = DEFAULT_SNAPSHOT_KEEP;
        private Duration snapshotMaxAge = DEFAULT_SNAPSHOT_MAX_AGE;
        private Duration snapshotTimeout = DEFAULT_SNAPSHOT_TIMEOUT;
        private @Nullable Path snapshotPgDumpPath;
        private SnapshotVerify snapshotVerify = DEFAULT_SNAPSHOT_VERIFY;
        private OnFailure onFailure = DEFAULT_ON_FAILURE;

        private Builder() {}

        public Builder enabled(boolean value) { enabled = value; return this; }

        public Builder mode(Mode value) { mode = value; return this; }

        public Builder connectTimeout(Duration value) { connectTimeout = value; return this; }

        public Builder lockTimeout(Duration value) { lockTimeout = value; return this; }

        public Builder lockKey(@Nullable Long value) { lockKey = value; return this; }

        public Builder migrationLockTimeout(Duration value) { migrationLockTimeout = value; return this; }

        public Builder migrationStatementTimeout(Duration value) { migrationStatementTimeout = value; return this; }

        public Builder migrationLockRetryBudget(Duration value) { migrationLockRetryBudget = value; return this; }

        public Builder healthAheadOfApp(Health value) { healthAheadOfApp = value; return this; }

        public Builder snapshotEnabled(boolean value) { snapshotEnabled = value; return this; }

        public Builder snapshotDirectory(Path value) { snapshotDirectory = value; return this; }

        public Builder snapshotRequired(boolean value) { snapshotRequired = value; return this; }

        public Builder snapshotKeep(int value) { snapshotKeep = value; return this; }

        public Builder snapshotMaxAge(Duration value) { snapshotMaxAge = value; return this; }

        public Builder snapshotTimeout(Duration value) { snapshotTimeout = value; return this; }

        public Builder snapshotPgDumpPath(@Nullable Path value) { snapshotPgDumpPath = value; return this; }

        public Builder snapshotVerify(SnapshotVerify value) { snapshotVerify = value; return this; }

        public Builder onFailure(OnFailure value) { onFailure = value; return this; }

        /**
         * Sets one setting by its contract name ({@code lock.timeout}) from text ({@code 5m}); fails naming the
         * key and the value when either is unknown or malformed.
         */
        public Builder set(String key, String value) {
            SettingParser.apply(this, key, value);
            return this;
        }

        /** Sets every entry of a map of contract names to text values. */
        public Builder set(Map<String, String> values) {
            values.forEach(this::set);
            return this;
        }

        public LockstepSettings build() {
            return new LockstepSettings(enabled, mode, connectTimeout, lockTimeout, lockKey, migrationLockTimeout,
                    migrationStatementTimeout, migrationLockRetryBudget, healthAheadOfApp, snapshotEnabled,
                    snapshotDirectory, snapshotRequired, snapshotKeep, snapshotMaxAge, snapshotTimeout, snapshotPgDumpPath,
                    snapshotVerify, onFailure);
        }
    }
}
