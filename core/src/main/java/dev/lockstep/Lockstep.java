package dev.lockstep;

import dev.lockstep.internal.connect.ConnectionDetails;
import dev.lockstep.internal.flyway.FlywaySupport;
import dev.lockstep.internal.lock.LockKey;
import dev.lockstep.internal.run.Engine;
import dev.lockstep.spi.MigrationListener;
import dev.lockstep.spi.SnapshotProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Migrates a PostgreSQL schema at startup, safely when many replicas start at once:
 *
 * <pre>{@code
 * Lockstep lockstep = Lockstep.configure(dataSource)
 *         .flyway(f -> f.locations("classpath:db/migration"))
 *         .build();
 * MigrationReport report = lockstep.migrate();
 * }</pre>
 *
 * <p>{@link #migrate()} applies pending Flyway migrations under a PostgreSQL session advisory lock, so exactly
 * one instance migrates while the others wait; {@link #status()} answers cheaply where the schema stands.
 * An instance is thread-safe; build one per datasource and keep it for the application's lifetime.
 */
public final class Lockstep {
    private final Engine engine;

    private Lockstep(Engine engine) {
        this.engine = engine;
    }

    /** Starts configuring Lockstep for a PostgreSQL {@link DataSource}; Flyway is configured through the builder. */
    public static Builder configure(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new Builder(Flyway.configure().dataSource(dataSource));
    }

    /**
     * Starts configuring Lockstep around a Flyway a framework already configured. Lockstep copies its
     * configuration and adds what it needs (session-level Flyway lock, its callback); the given instance is
     * left untouched.
     */
    public static Builder configure(Flyway flyway) {
        Objects.requireNonNull(flyway, "flyway");
        var configuration = flyway.getConfiguration();
        return new Builder(Flyway.configure(configuration.getClassLoader()).configuration(configuration));
    }

    /**
     * Puts Flyway's own PostgreSQL lock in session mode ({@code postgresql.transactional.lock=false}) on a Flyway
     * configuration, before Flyway touches the database. Lockstep does this on the Flyway it runs; adapters call it
     * on the framework's own Flyway, so that whatever else migrates with it cannot deadlock: with Flyway's default
     * transaction-level lock, an instance waiting on it deadlocks with {@code CREATE INDEX CONCURRENTLY}.
     */
    public static void useFlywaySessionLock(Configuration configuration) {
        FlywaySupport.useSessionLock(Objects.requireNonNull(configuration, "configuration"));
    }

    /**
     * Runs the startup run in the configured {@link Mode}: connect, resolve, lock, migrate what is pending,
     * record, release.
     *
     * @return what the run did; expected outcomes (nothing pending, waited for another instance) are values
     * @throws LockTimeoutException when another instance held the lock for longer than {@code lock.timeout}
     * @throws MigrationFailedException when a migration failed; the database is left as the failed migration
     *     found it
     * @throws LockstepException for every other failure, with a message that names the fix
     */
    public MigrationReport migrate() {
        return engine.migrate();
    }

    /**
     * Where the schema stands now: one query on the schema history, compared with the migrations resolved at
     * the first run or probe. Never throws for an unreachable database: that is {@link SchemaState#UNREACHABLE}.
     */
    public SchemaStatus status() {
        return engine.status();
    }

    /** The settings this instance runs with, as {@link Builder#build()} read and checked them. */
    public LockstepSettings settings() {
        return engine.settings();
    }

    /**
     * What the pending migrations will do, before they run: the lint's findings on their SQL, rated with the size of
     * each table in the target, and a trace: the target's schema copied without data into a scratch database
     * ({@code lockstep_plan_<random>}, dropped afterwards whatever happens), the pending migrations run there through
     * Flyway with this configuration, and observed inside each migration's transaction (the table locks it holds, the
     * tables it rewrites, the scans its catalog changes imply). Changes nothing in the target database.
     *
     * <p>The trace needs CREATEDB and the connection details (URL, user, password); without them, the plan says why
     * in its notes and holds the lint's findings alone. {@link Views#text(MigrationPlan)} renders it for people.
     *
     * @throws LockstepException {@link ErrorCode#DATABASE_ERROR} when the target cannot be read
     */
    public MigrationPlan plan() {
        return engine.plan(true);
    }

    /**
     * The lint's findings on the pending migrations' SQL, rated with the size of each table in the target: what
     * {@link #plan()} gives without the trace, in milliseconds. Changes nothing in the target database.
     *
     * @throws LockstepException {@link ErrorCode#DATABASE_ERROR} when the target cannot be read
     */
    public MigrationPlan lint() {
        return engine.plan(false);
    }

    /**
     * The newest rows of the run history ({@code lockstep_runs}): runs that migrated or failed, newest first;
     * empty before the first such run.
     *
     * @throws LockstepException {@link ErrorCode#DATABASE_ERROR} when the database cannot be read
     */
    public List<RunSummary> recentRuns(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
        }
        return engine.recentRuns(limit);
    }

    /** List, take, verify and restore this database's snapshots. */
    public Snapshots snapshots() {
        return new Snapshots(engine);
    }

    /** The Flyway instance Lockstep runs (with its own callback and a session-level Flyway lock). */
    public Flyway flyway() {
        return engine.flyway();
    }

    /** Collects Lockstep's and Flyway's configuration; {@link #build()} validates it. */
    public static final class Builder {
        private final FluentConfiguration flyway;
        private LockstepSettings.Builder settings = LockstepSettings.builder();
        private final List<MigrationListener> listeners = new ArrayList<>();
        private @Nullable ConnectionDetails connectionDetails;
        private @Nullable String instanceName;
        private @Nullable String appVersion;
        private @Nullable SnapshotProvider snapshotProvider;

        private Builder(FluentConfiguration flyway) {
            this.flyway = flyway;
        }

        /** Configures Flyway: locations, schemas, placeholders, callbacks, ... as with {@link Flyway#configure()}. */
        public Builder flyway(Consumer<FluentConfiguration> customizer) {
            customizer.accept(flyway);
            return this;
        }

        /** Replaces all settings, such as those of {@link LockstepSettings#fromEnvironment}. */
        public Builder settings(LockstepSettings values) {
            settings = values.toBuilder();
            return this;
        }

        /**
         * Sets settings by their keys, from text: {@code Map.of("lock.timeout", "5m", "mode", "validate")}; an unknown
         * key or a bad value fails at {@link #build()}, naming the key.
         */
        public Builder properties(Map<String, String> values) {
            settings.properties(values);
            return this;
        }

        /**
         * Sets one setting: {@code .set(LockstepSettings.LOCK_TIMEOUT, Duration.ofMinutes(5))}. The settings and their
         * defaults are the constants of {@link LockstepSettings}.
         */
        public <T extends @Nullable Object> Builder set(Setting<T> setting, T value) {
            settings.set(setting, value);
            return this;
        }

        /** Replaces the built-in pg_dump provider, for example with a cloud snapshot API. */
        public Builder snapshotProvider(SnapshotProvider provider) {
            snapshotProvider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * How to open the dedicated connection that holds the lock and how pg_dump reaches the database, when the
         * DataSource does not tell (Lockstep reads URL, user and password from pgjdbc's and HikariCP's data sources
         * itself). Without it, a DataSource that hides its credentials lends the lock connection from its own pool,
         * and snapshots fail with a message that points here.
         */
        public Builder connectionDetails(String jdbcUrl, @Nullable String user, @Nullable String password) {
            connectionDetails = new ConnectionDetails(jdbcUrl, user, password);
            return this;
        }

        /** The name this instance uses in locks, logs and the run history; default {@code <host>:<pid>}. */
        public Builder instanceName(String value) {
            instanceName = value;
            return this;
        }

        /** The application's version, recorded in the run history. */
        public Builder appVersion(String value) {
            appVersion = value;
            return this;
        }

        /** Adds a listener told of the run's steps (lock, snapshot, each migration, the outcome); may be called repeatedly. */
        public Builder listener(MigrationListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Validates the configuration and prepares the run; touches no database.
         *
         * @throws InvalidSettingException naming the setting, for an unknown key, a value that cannot be read or is
         *     out of its range, settings that contradict each other, or a {@code lock.key} that is Flyway's own key
         * @throws LockstepException with {@link ErrorCode#INVALID_CONFIGURATION} for a Flyway configuration Lockstep
         *     cannot run
         */
        public Lockstep build() {
            LockstepSettings values = settings.build();
            String schema = FlywaySupport.historySchema(flyway);
            Long lockKey = values.get(LockstepSettings.LOCK_KEY);
            if (lockKey != null && schema != null) {
                LockKey.requireNotFlywaysKey(lockKey, schema, flyway.getTable());
            }
            return new Lockstep(new Engine(flyway, values, listeners, connectionDetails, instanceName, appVersion,
                    snapshotProvider));
        }
    }
}
