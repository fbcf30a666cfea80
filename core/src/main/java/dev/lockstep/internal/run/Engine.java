package dev.lockstep.internal.run;

import static dev.lockstep.LockstepSettings.ENABLED;
import static dev.lockstep.LockstepSettings.LOCK_KEY;
import static dev.lockstep.LockstepSettings.MODE;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import dev.lockstep.LockstepSettings;
import dev.lockstep.MigrationFailedException;
import dev.lockstep.MigrationPlan;
import dev.lockstep.MigrationReport;
import dev.lockstep.Mode;
import dev.lockstep.Outcome;
import dev.lockstep.RunSummary;
import dev.lockstep.SchemaState;
import dev.lockstep.SchemaStatus;
import dev.lockstep.internal.connect.ConnectionDetails;
import dev.lockstep.internal.connect.Connections;
import dev.lockstep.internal.flyway.FlywaySupport;
import dev.lockstep.internal.flyway.Locations;
import dev.lockstep.internal.flyway.RunCallback;
import dev.lockstep.internal.lock.LockKey;
import dev.lockstep.internal.status.HistoryTable;
import dev.lockstep.internal.status.ResolvedSet;
import dev.lockstep.internal.status.StatusProbe;
import dev.lockstep.RestoreResult;
import dev.lockstep.RestoreStyle;
import dev.lockstep.Snapshot;
import dev.lockstep.internal.snapshot.PgDumpProvider;
import dev.lockstep.spi.MigrationListener;
import dev.lockstep.spi.SnapshotProvider;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Everything one {@code Lockstep} instance holds: its Flyway, settings and connections, the migrations resolved
 * once, what the instance is doing now ({@link RunPhase}, changed only by the run under way) and the run history
 * ({@link RunHistory}, which remembers the newest run). Its fields are set once; {@code Lockstep} delegates here.
 */
public final class Engine {
    final LockstepSettings settings;
    final Flyway flyway;
    final Connections connections;
    final Listeners listeners;
    final RunCallback callback = new RunCallback();
    final HistoryTable history;
    final RunHistory runs;
    final @Nullable String schema;
    final String instance;
    final String host;
    final @Nullable String appVersion;
    private final StatusReading statusReading;
    private final SnapshotProvider snapshotProvider;
    private final Object resolving = new Object();
    private volatile @Nullable ResolvedSet resolved;
    private final RunPhase phase = new RunPhase();

    public Engine(FluentConfiguration configuration, LockstepSettings settings, List<MigrationListener> listeners,
            @Nullable ConnectionDetails details, @Nullable String instanceName, @Nullable String appVersion,
            @Nullable SnapshotProvider snapshotProvider) {
        DataSource dataSource = configuration.getDataSource();
        if (dataSource == null) {
            throw new LockstepException(ErrorCode.INVALID_CONFIGURATION, "Flyway has no DataSource. Pass one to"
                    + " Lockstep.configure(dataSource), or configure Flyway's dataSource before Lockstep.configure(flyway).");
        }
        requireLocations(configuration.getLocations());
        Locations.warnAboutMissing(configuration.getLocations(), configuration.getClassLoader());
        this.settings = settings;
        this.host = hostName();
        this.instance = instanceName != null ? instanceName : host + ":" + ProcessHandle.current().pid();
        this.appVersion = appVersion;
        this.listeners = new Listeners(listeners);
        this.flyway = FlywaySupport.load(configuration, callback);
        this.schema = FlywaySupport.historySchema(flyway.getConfiguration());
        this.history = new HistoryTable(schema, flyway.getConfiguration().getTable());
        this.runs = new RunHistory(schema, flyway.getConfiguration().getTable());
        this.connections = new Connections(dataSource, details, applicationName(instance));
        this.statusReading = new StatusReading(this, new StatusProbe(history));
        this.snapshotProvider = snapshotProvider != null ? snapshotProvider
                : new PgDumpProvider(settings, connections);
    }

    /**
     * The startup run. Listeners hear how it ended once it has ended, so that a status probe they make sees the
     * settled state; failures are thrown, never logged here: the caller logs them once.
     */
    public synchronized MigrationReport migrate() {
        if (!settings.get(ENABLED) || settings.get(MODE) == Mode.OFF) {
            return new MigrationReport(Outcome.SKIPPED, status().state(), null, null, List.of(), Duration.ZERO,
                    Duration.ZERO, null, null, instance, null, null, false);
        }
        long started = System.nanoTime();
        MigrationReport report;
        try {
            report = switch (settings.get(MODE)) {
                case VALIDATE -> new ReadOnlyRuns(this).validate();
                case WAIT -> new ReadOnlyRuns(this).await();
                default -> locked();
            };
        } catch (MigrationFailedException e) {
            listeners.each(l -> l.runFinished(e.report()));
            throw e;
        } catch (LockstepException e) {
            Duration duration = Duration.ofNanos(System.nanoTime() - started);
            listeners.each(l -> l.runFailed(e, duration));
            throw e;
        }
        listeners.each(l -> l.runFinished(report));
        return report;
    }

    private MigrationReport locked() {
        try (RunPhase.Run run = phase.start()) {
            return new LockedRun(this, run).run();
        }
    }

    /** Where the schema stands now; see {@link StatusReading}. */
    public SchemaStatus status() {
        return statusReading.read(phase.now());
    }

    /** The resolved set if one was resolved already; never resolves. */
    @Nullable ResolvedSet resolvedIfKnown() {
        return resolved;
    }

    /**
     * The exception for a database or Flyway error outside any migration: migrations Flyway cannot resolve are
     * INVALID_MIGRATIONS; a database error names its cause where it can (a role's statement_timeout, a lock, a
     * privilege).
     */
    LockstepException runFailure(Exception error, String prefix) {
        SQLException sql = error instanceof SQLException e ? e : Failures.sqlCause(error).orElse(null);
        if (sql == null) {
            return new LockstepException(ErrorCode.INVALID_MIGRATIONS, prefix + invalidMigrations(error),
                    connections.redact(error));
        }
        return new LockstepException(ErrorCode.DATABASE_ERROR, prefix + "Lockstep could not complete its run at "
                + connections.target() + ": " + connections.redact(Failures.firstLine(error)) + " (SQLSTATE "
                + sql.getSQLState() + ")." + new Diagnosis(connections).hint(sql.getSQLState(), history.qualifiedName()),
                connections.redact(error));
    }

    /** Flyway refused the shipped migrations themselves (two files with one version): what to fix. */
    String invalidMigrations(Exception error) {
        return "Flyway cannot resolve the migrations this application ships: "
                + connections.redact(String.valueOf(error.getMessage())).strip() + "\nFix or remove the files it names"
                + " (each version may appear once) and deploy again.";
    }

    /** Locations that matched nothing on a schema without history: almost always a typo. */
    String noMigrationsFound() {
        return "Flyway found no migration at " + Locations.describe(flyway.getConfiguration().getLocations())
                + " and the schema has no history: this application has no schema to run on. Check Flyway's"
                + " locations (spring.flyway.locations, quarkus.flyway.locations or Flyway's locations setting) for a"
                + " typo.";
    }

    public LockstepSettings settings() {
        return settings;
    }

    /** The plan of the pending migrations: linted, rated with the target's sizes, traced when {@code trace}. */
    public MigrationPlan plan(boolean trace) {
        return new Planning(this).plan(trace);
    }

    public Flyway flyway() {
        return flyway;
    }

    /** Up to {@code limit} rows of the run history, newest first. */
    public List<RunSummary> recentRuns(int limit) {
        try (Connection connection = connections.borrow()) {
            return runs.recent(connection, limit);
        } catch (SQLException e) {
            throw new LockstepException(ErrorCode.DATABASE_ERROR, "Cannot read the run history at "
                    + connections.target() + ": " + connections.redact(e.getMessage()), connections.redact(e));
        }
    }

    public SnapshotProvider snapshotProvider() {
        return snapshotProvider;
    }

    /** A snapshot outside a run, under the Lockstep lock so that no instance migrates meanwhile. */
    public synchronized Snapshot takeSnapshot() {
        return new SnapshotRuns(this).takeNow();
    }

    public synchronized RestoreResult restore(String id, RestoreStyle style, String confirmDatabase) {
        return new SnapshotRuns(this).restore(id, style, confirmDatabase);
    }

    /** The migrations this application ships: resolved by Flyway on first use, then kept. */
    ResolvedSet resolved() {
        ResolvedSet known = resolved;
        if (known != null) {
            return known; // the status probe's path: no lock once resolved
        }
        synchronized (resolving) {
            if (resolved == null) {
                resolved = ResolvedSet.of(flyway.info().all());
            }
            return resolved;
        }
    }

    /** {@code lock.key}, or the key derived from database, schema and history table; never Flyway's own key. */
    long lockKey(Connection connection) throws SQLException {
        return LockKey.resolve(settings.get(LOCK_KEY), connection.getCatalog(),
                schema != null ? schema : connection.getSchema(), flyway.getConfiguration().getTable());
    }

    /** {@code [database/schema] } before every line this instance logs. */
    String prefix(Connection connection) {
        try {
            return "[" + connection.getCatalog() + "/" + (schema != null ? schema : connection.getSchema()) + "] ";
        } catch (SQLException e) {
            return "[" + instance + "] ";
        }
    }

    private static void requireLocations(Location[] locations) {
        for (Location location : locations) {
            if (location.getPath().isBlank() && location.getDescriptor().replace("classpath:", "").isBlank()) {
                throw new LockstepException(ErrorCode.INVALID_CONFIGURATION, "Invalid Flyway locations: '"
                        + location.getDescriptor() + "' is blank. Set locations such as classpath:db/migration"
                        + " (Flyway's locations setting).");
            }
        }
    }

    private static String applicationName(String instance) {
        String name = "lockstep:" + instance;
        return name.substring(0, Math.min(name.length(), 63)); // PostgreSQL's NAMEDATALEN - 1
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}
