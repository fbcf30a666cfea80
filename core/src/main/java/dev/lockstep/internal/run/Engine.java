package dev.lockstep.internal.run;

import static dev.lockstep.LockstepSettings.ENABLED;
import static dev.lockstep.LockstepSettings.HEALTH_AHEAD_OF_APP;
import static dev.lockstep.LockstepSettings.LOCK_KEY;
import static dev.lockstep.LockstepSettings.MODE;

import dev.lockstep.ErrorCode;
import dev.lockstep.FailedMigration;
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
import dev.lockstep.internal.flyway.RunCallback;
import dev.lockstep.internal.lock.LockKey;
import dev.lockstep.internal.status.Comparison;
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
import java.time.Instant;
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
    private final StatusProbe probe;
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
        this.probe = new StatusProbe(history);
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

    public SchemaStatus status() {
        Activity now = phase.now();
        Instant checkedAt = Instant.now();
        try (Connection connection = connections.borrow()) {
            ResolvedSet shipped = resolved();
            Comparison comparison = probe.compare(connection, shipped);
            SchemaState state = now.state() != null ? now.state() : comparison.state();
            FailedMigration failed = now.failed() != null ? now.failed() : Failures.ofHistory(comparison.failedRow());
            String target = shipped.target() == null ? null : shipped.target().getVersion();
            return new SchemaStatus(state, SchemaStatus.healthOf(state, settings.get(HEALTH_AHEAD_OF_APP)),
                    comparison.current(), target, comparison.pending(), state == SchemaState.FAILED ? failed : null,
                    runs.lastKnown(), now.holder(), Messages.describe(state, comparison, failed, now.holder()), checkedAt);
        } catch (SQLException | FlywayException e) {
            String reason = connections.redact(e.getMessage());
            ResolvedSet shipped = resolved;
            String target = shipped == null || shipped.target() == null ? null : shipped.target().getVersion();
            return new SchemaStatus(SchemaState.UNREACHABLE, SchemaStatus.healthOf(SchemaState.UNREACHABLE,
                    settings.get(HEALTH_AHEAD_OF_APP)), null, target, List.of(), null, runs.lastKnown(), null,
                    "Cannot read the schema history at " + connections.target() + ": " + reason, checkedAt);
        }
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
                    + connections.target() + ": " + connections.redact(e.getMessage()), e);
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
            return known;
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
        return name.length() <= 63 ? name : name.substring(0, 63); // PostgreSQL's NAMEDATALEN - 1
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
