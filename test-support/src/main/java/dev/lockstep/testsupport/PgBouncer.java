package dev.lockstep.testsupport;

import dev.lockstep.embedded.EmbeddedPostgres;
import dev.lockstep.embedded.internal.Command;
import dev.lockstep.embedded.internal.FreePort;
import dev.lockstep.embedded.internal.OsUser;
import dev.lockstep.embedded.internal.TempDirs;
import dev.lockstep.embedded.internal.Watchdog;
import dev.lockstep.embedded.process.OutputPump;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PgBouncer in transaction pooling mode in front of one test database, for tests of what a pooler between
 * Lockstep and PostgreSQL breaks. Its server connections are handed out round-robin, so consecutive transactions of
 * one client usually land on different backends.
 *
 * <p>It runs as a child of this JVM (as the {@code postgres} OS user when the JVM is root: PgBouncer refuses root),
 * from a private 0700 directory holding its configuration and the owner's password (0600); {@link #close()} stops
 * it and deletes the directory. Its output goes to {@code target/pgbouncer-logs/} and is scanned for secrets.
 */
public final class PgBouncer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgBouncer.class);
    private static final List<Path> KNOWN_LOCATIONS = List.of(Path.of("/usr/sbin/pgbouncer"),
            Path.of("/usr/bin/pgbouncer"));
    private static final Path LOG_DIRECTORY = Path.of("target", "pgbouncer-logs");
    // Logged once PgBouncer listens and has finished starting.
    private static final Pattern PROCESS_UP = Pattern.compile("process up");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<PgBouncer> RUNNING = ConcurrentHashMap.newKeySet();
    /** The environment variable that turns a missing pgbouncer from a skipped test into a failed one. */
    public static final String REQUIRE_VARIABLE = "LOCKSTEP_REQUIRE_PGBOUNCER";

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(PgBouncer::close),
                "lockstep-pgbouncer-cleanup"));
    }

    private final TestDatabase database;
    private final Path directory;
    private final int port;
    private final Process process;
    private final OutputPump pump;
    private final Path logFile;
    private final Watchdog watchdog;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PgBouncer(TestDatabase database, Path directory, int port, Process process, Path logFile)
            throws IOException {
        this.database = database;
        this.directory = directory;
        this.port = port;
        this.process = process;
        this.logFile = logFile;
        CapturedLogs.registerFile(logFile);
        this.pump = OutputPump.start(process.getInputStream(), logFile, "lockstep-pgbouncer-" + port);
        this.watchdog = Watchdog.start("pgbouncer", directory, List.of("kill", "-KILL", Long.toString(process.pid())));
    }

    /**
     * Skips the calling test when pgbouncer is not installed; where the environment sets
     * {@code LOCKSTEP_REQUIRE_PGBOUNCER=true} (CI does, {@code .ci/run}) a missing pgbouncer fails it instead, so that
     * a build that was meant to test through PgBouncer cannot pass by skipping those tests.
     */
    public static void assumeInstalled() {
        if (binary().isPresent()) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv(REQUIRE_VARIABLE))) {
            throw new AssertionError("pgbouncer is not installed (looked on the PATH and in /usr/sbin and /usr/bin), and "
                    + REQUIRE_VARIABLE + "=true requires the tests that run through it. Install it with: apt-get"
                    + " install pgbouncer");
        }
        Assumptions.abort("pgbouncer is not installed (apt-get install pgbouncer); set " + REQUIRE_VARIABLE
                + "=true to fail instead of skipping");
    }

    /** The pgbouncer program: on the PATH, else where Debian and Ubuntu install it. */
    public static Optional<Path> binary() {
        return Command.onPath("pgbouncer")
                .or(() -> KNOWN_LOCATIONS.stream().filter(Files::isExecutable).findFirst());
    }

    /**
     * Starts PgBouncer with {@code pool_mode = transaction} and round-robin server connections in front of the
     * database, on a free port of 127.0.0.1, and waits until it accepts a connection as the database's owner.
     *
     * @throws IllegalStateException when pgbouncer is not installed (install it with {@code apt-get install
     *     pgbouncer}) or does not start
     */
    public static PgBouncer startTransactionPooling(TestDatabase database) {
        Path binary = binary().orElseThrow(() -> new IllegalStateException("pgbouncer is not installed (looked on the"
                + " PATH and in /usr/sbin and /usr/bin). Install it with: apt-get install pgbouncer"));
        Path directory = TempDirs.createForServer("lockstep-pgbouncer-");
        PgBouncer bouncer = null;
        try {
            int port = FreePort.pick();
            Path config = writeConfiguration(directory, database, port);
            List<String> command = OsUser.asPostgres(List.of(binary.toString(), config.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(new File("/dev/null"));
            Path logFile = LOG_DIRECTORY.resolve("pgbouncer-" + port + ".log").toAbsolutePath();
            bouncer = new PgBouncer(database, directory, port, builder.start(), logFile);
            RUNNING.add(bouncer);
            bouncer.awaitStarted();
            LOG.debug("PgBouncer (transaction pooling) for {} listens on 127.0.0.1:{}", database.name(), port);
            return bouncer;
        } catch (IOException | RuntimeException e) {
            if (bouncer != null) {
                bouncer.close();
            } else {
                TempDirs.deleteRecursively(directory);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Cannot start pgbouncer: " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The URL of the database through PgBouncer; server-side prepared statements off, as a pooler requires. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database.name() + "?prepareThreshold=0";
    }

    public int port() {
        return port;
    }

    /** Stops PgBouncer and deletes its directory; closing twice is a no-op. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RUNNING.remove(this);
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        pump.awaitEnd(STOP_TIMEOUT);
        watchdog.stop();
        TempDirs.deleteRecursively(directory);
    }

    @Override
    public String toString() {
        return "PgBouncer[127.0.0.1:" + port + " -> " + database.name() + "]";
    }

    private void awaitStarted() {
        if (pump.await(PROCESS_UP, START_TIMEOUT).isEmpty()) {
            String state = process.isAlive() ? "is still not up after " + START_TIMEOUT
                    : "exited with code " + process.exitValue();
            throw new IllegalStateException("pgbouncer " + state + ". Its output (" + logFile + "):\n"
                    + String.join("\n", pump.lines()));
        }
        // One real connection proves the whole path: listening, client authentication, login to PostgreSQL.
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), database.user(), database.password());
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        } catch (SQLException e) {
            throw new IllegalStateException("pgbouncer started but a connection through it to " + database.name()
                    + " failed: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + "). Its output (" + logFile
                    + "):\n" + String.join("\n", pump.lines()), e);
        }
    }

    private static Path writeConfiguration(Path directory, TestDatabase database, int port) throws IOException {
        // PgBouncer authenticates clients itself, then logs in to PostgreSQL with the same password, so it needs the
        // password in plain text: in a 0600 file of the user running it, in a directory only that user may enter.
        Path userList = privateFile(directory.resolve("userlist.txt"),
                "\"" + database.user() + "\" \"" + database.password() + "\"\n");
        EmbeddedPostgres server = database.server();
        String ini = String.join("\n",
                "[databases]",
                database.name() + " = host=" + server.host() + " port=" + server.port() + " dbname=" + database.name(),
                "",
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                "listen_port = " + port,
                // No Unix socket: the tests connect over TCP, and the default socket directory is not ours.
                "unix_socket_dir =",
                "auth_type = scram-sha-256",
                "auth_file = " + userList,
                "pool_mode = transaction",
                "server_round_robin = 1",
                "default_pool_size = 4",
                "min_pool_size = 2",
                "max_client_conn = 200",
                // Sent by the JDBC driver at connect; PgBouncer refuses unknown startup parameters otherwise.
                "ignore_startup_parameters = extra_float_digits,application_name,options",
                "");
        return privateFile(directory.resolve("pgbouncer.ini"), ini);
    }

    private static Path privateFile(Path file, String content) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
        OsUser.giveToPostgres(file);
        return file;
    }
}
