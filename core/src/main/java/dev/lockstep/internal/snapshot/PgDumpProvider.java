package dev.lockstep.internal.snapshot;

import static dev.lockstep.LockstepSettings.CONNECT_TIMEOUT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_DIRECTORY;
import static dev.lockstep.LockstepSettings.SNAPSHOT_KEEP;
import static dev.lockstep.LockstepSettings.SNAPSHOT_MAX_AGE;
import static dev.lockstep.LockstepSettings.SNAPSHOT_PG_DUMP_PATH;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_PREFIX;
import static dev.lockstep.LockstepSettings.SNAPSHOT_STORAGE;
import static dev.lockstep.LockstepSettings.SNAPSHOT_TIMEOUT;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import dev.lockstep.LockstepSettings;
import dev.lockstep.RestoreResult;
import dev.lockstep.RestoreStyle;
import dev.lockstep.Snapshot;
import dev.lockstep.SnapshotFailedException;
import dev.lockstep.SnapshotStorage;
import dev.lockstep.internal.connect.ConnectionDetails;
import dev.lockstep.internal.connect.Connections;
import dev.lockstep.spi.ObjectStorageFactory;
import dev.lockstep.spi.SnapshotProvider;
import dev.lockstep.spi.SnapshotRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in provider: pg_dump into the snapshot store ({@code snapshot.directory}, or object storage with
 * {@code snapshot.storage=s3}), pg_restore to verify and restore. The client programs connect with libpq environment
 * variables translated from the JDBC URL and a passfile that exists only while they run: the password is never on a
 * command line.
 */
public final class PgDumpProvider implements SnapshotProvider {
    private static final Logger log = LoggerFactory.getLogger(PgDumpProvider.class);

    private final LockstepSettings settings;
    private final Connections connections;
    private final SnapshotStore store;
    private volatile @Nullable PgTools tools;

    /**
     * Snapshots in {@code snapshot.directory}, or in the object storage {@code snapshot.storage} names. Also removes,
     * at once, the password files of a process of this host that was killed during a snapshot: they hold the
     * password, and no later snapshot may come soon.
     *
     * @throws LockstepException INVALID_CONFIGURATION when {@code snapshot.storage=s3} and no module provides it
     */
    public PgDumpProvider(LockstepSettings settings, Connections connections) {
        this.settings = settings;
        this.connections = connections;
        this.store = settings.get(SNAPSHOT_STORAGE) == SnapshotStorage.LOCAL
                ? new LocalStore(this, new SnapshotDirectory(settings.get(SNAPSHOT_DIRECTORY)))
                : new BucketStore(this, objectStorage(settings), settings.get(SNAPSHOT_S3_PREFIX), scratch());
        new SnapshotDirectory(store.scratch()).removeStalePassfiles(passfileMaxAge());
    }

    /** The object storage {@code snapshot.storage} names, from the module on the class path that provides it. */
    private static dev.lockstep.spi.ObjectStorage objectStorage(LockstepSettings settings) {
        String name = settings.get(SNAPSHOT_STORAGE).name().toLowerCase(Locale.ROOT);
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                PgDumpProvider.class.getClassLoader()}) {
            if (loader == null) {
                continue;
            }
            for (ObjectStorageFactory factory : ServiceLoader.load(ObjectStorageFactory.class, loader)) {
                if (factory.name().equals(name)) {
                    return factory.create(settings);
                }
            }
        }
        throw new LockstepException(ErrorCode.INVALID_CONFIGURATION, "snapshot.storage=" + name + " needs the module"
                + " dev.lockstep:lockstep-snapshot-" + name + " on the class path, and it is not there. Add that"
                + " dependency, or set snapshot.storage=local.");
    }

    /**
     * Where children's short-lived files (password files, a restore's cleanup script) go when snapshots are not in
     * a local directory: a directory of this user's under the JVM's temporary directory, 0700.
     */
    private static Path scratch() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), "lockstep-" + user);
    }

    /** Everything a snapshot needs, checked before anything is written. */
    private record Checked(PgTools tools, ServerInfo server) {}

    @Override
    public void preflight(SnapshotRequest request) {
        check();
    }

    @Override
    public Snapshot take(SnapshotRequest request) {
        Checked checked = check();
        store.removeLeftovers(checked.server().database());
        new SnapshotDirectory(store.scratch()).removeStalePassfiles(passfileMaxAge());
        Snapshot snapshot;
        try (ChildSession session = session()) {
            snapshot = store.take(request, checked.server(), checked.tools(), session);
        }
        new Retention(settings.get(SNAPSHOT_KEEP), settings.get(SNAPSHOT_MAX_AGE))
                .apply(store, checked.server().database());
        return snapshot;
    }

    /** This database's snapshots, damaged ones too; needs no credentials, so that a status endpoint can list them. */
    @Override
    public List<Snapshot> list() {
        return store.entries(database()).stream().map(SnapshotStore.Entry::snapshot).toList();
    }

    @Override
    public Snapshot verify(String id) {
        Snapshot snapshot = find(id);
        PgTools tools = tools();
        try (ChildSession session = session()) {
            new PgRestore(this, tools, store).verify(snapshot, session);
            return snapshot;
        }
    }

    @Override
    public RestoreResult restore(String id, RestoreStyle style) {
        Snapshot snapshot = find(id);
        PgTools tools = tools();
        try (ChildSession session = session()) {
            return new PgRestore(this, tools, store).restore(snapshot, style, session);
        }
    }

    LockstepSettings settings() {
        return settings;
    }

    String redact(@Nullable String text) {
        return connections.redact(text);
    }

    /** A connection of our own to {@code database} on the same server, with the same credentials. */
    Connection connect(String database) throws SQLException {
        libpq(applicationName()); // fails naming the fix when the credentials are unknown
        ConnectionDetails details = java.util.Objects.requireNonNull(connections.details());
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(details.jdbcUrl());
        dataSource.setDatabaseName(database);
        dataSource.setApplicationName(applicationName());
        if (details.user() != null) {
            dataSource.setUser(details.user());
        }
        if (details.password() != null) {
            dataSource.setPassword(details.password());
        }
        return dataSource.getConnection();
    }

    /** Ends the server sessions of a killed pg_dump: killing the client does not stop a backend busy sending data. */
    void endSessions(String applicationName) {
        try (Connection connection = connections.borrow(); PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
            statement.setString(1, applicationName);
            statement.execute();
        } catch (SQLException e) {
            log.warn("could not end the server session of the stopped pg_dump ({}): {}", applicationName,
                    redact(e.getMessage()));
        }
    }

    /**
     * pg_dump and its version, found once: asking costs a process start (more with Debian's pg_wrapper), and the run
     * asks for a preflight and a snapshot one after the other. A failure is not kept, so a fix takes effect at once.
     */
    private PgTools tools() {
        PgTools known = tools;
        if (known == null) {
            known = PgTools.locate(settings.get(SNAPSHOT_PG_DUMP_PATH));
            tools = known;
        }
        return known;
    }

    private Checked check() {
        PgTools tools = tools();
        libpq(applicationName()); // fails early, naming the fix, when the credentials are unknown
        ServerInfo server;
        try (Connection connection = connections.borrow(settings.get(CONNECT_TIMEOUT))) {
            server = ServerInfo.of(connection);
        } catch (SQLException e) {
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "Could not read the server's version before"
                    + " the snapshot: " + redact(e.getMessage()), e);
        }
        tools.requireAtLeast(server.major(), server.version());
        store.prepare(server);
        return new Checked(tools, server);
    }

    private ChildSession session() {
        String applicationName = applicationName();
        return ChildSession.open(libpq(applicationName), store.scratch(), applicationName);
    }

    private LibpqEnvironment libpq(String applicationName) {
        return LibpqEnvironment.of(connections.details(), applicationName, settings.get(CONNECT_TIMEOUT));
    }

    /** The database whose snapshots these are: the one the connection details or the data source name. */
    private String database() {
        if (connections.details() != null) {
            return libpq(applicationName()).database();
        }
        try (Connection connection = connections.borrow()) {
            return connection.getCatalog();
        } catch (SQLException e) {
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "Could not tell which database's snapshots to"
                    + " use: " + redact(e.getMessage()), e);
        }
    }

    /** A snapshot of this database by its id, damaged or not. */
    private Snapshot find(String id) {
        String database = database();
        return store.find(id, database).map(SnapshotStore.Entry::snapshot).orElseThrow(() ->
                new SnapshotFailedException(ErrorCode.SNAPSHOT_NOT_FOUND, "No snapshot " + printable(id)
                        + " in " + store.where() + " for database " + database
                        + (SnapshotName.isId(id) ? "" : " (that is not a snapshot name: names read"
                        + " lockstep-<db>-<yyyymmddThhmmssZ>-v<from>-to-v<to>)") + ". List this database's snapshots"
                        + " with Lockstep.snapshots().list() (or " + store.listByHand(database) + "), and check "
                        + store.settings() + "."));
    }

    /**
     * Why {@code snapshot} must not be restored, and which one to restore instead: the newest sound snapshot taken
     * before it. The files are not touched.
     */
    SnapshotFailedException invalid(Snapshot snapshot, String problem) {
        Snapshot previous = store.entries(snapshot.database()).stream().map(SnapshotStore.Entry::snapshot)
                .filter(other -> !other.isDamaged() && other.verified())
                .filter(other -> other.createdAt().isBefore(snapshot.createdAt())).findFirst().orElse(null);
        return new SnapshotFailedException(ErrorCode.SNAPSHOT_INVALID, "Snapshot " + snapshot.id() + " must not be"
                + " restored: " + problem + ". Its files are left as they are in " + store.where()
                + ", for inspection. " + (previous == null ? "No earlier snapshot of " + snapshot.database()
                + " is sound: take a new one with Lockstep.snapshots().take() while the database is healthy."
                : "Restore the previous snapshot, " + previous.id() + " (taken " + previous.createdAt()
                        + "), instead."));
    }

    /** Password files older than this are abandoned even when their process cannot be checked. */
    private Duration passfileMaxAge() {
        return settings.get(SNAPSHOT_TIMEOUT).multipliedBy(2).plusHours(1);
    }

    /** An id as typed, safe to print: bounded, control characters shown as {@code ?}. */
    private static String printable(String id) {
        String shown = id.length() <= 200 ? id : id.substring(0, 200) + "...";
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    /** Unique per operation, so a stopped pg_dump's server session can be found and ended without touching others. */
    private static String applicationName() {
        return "lockstep-snapshot-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
