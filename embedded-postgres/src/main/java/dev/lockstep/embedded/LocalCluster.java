package dev.lockstep.embedded;

import dev.lockstep.embedded.internal.Command;
import dev.lockstep.embedded.internal.FreePort;
import dev.lockstep.embedded.internal.OsUser;
import dev.lockstep.embedded.internal.TempDirs;
import dev.lockstep.embedded.internal.Watchdog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private, throwaway PostgreSQL cluster made with the locally installed server programs: a fresh data directory
 * in a 0700 temporary directory, a generated superuser password, password authentication (SCRAM) over TCP on
 * 127.0.0.1 and a free port, durability switched off for speed. It is stopped and deleted when the JVM exits, and by
 * a {@link Watchdog} when the JVM is killed.
 */
final class LocalCluster {
    static final String KIND = "local";
    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    private static final String ADMIN_USER = "postgres";
    private static final String ADMIN_DATABASE = "postgres";
    private static final int START_ATTEMPTS = 3;
    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(90);

    private final Path binDir;
    private final Path directory;
    private final Path data;
    private final Path serverLog;

    private LocalCluster(Path binDir, Path directory) {
        this.binDir = binDir;
        this.directory = directory;
        this.data = directory.resolve("data");
        this.serverLog = directory.resolve("server.log");
    }

    static Endpoint start() throws Unavailable {
        return start(false);
    }

    /**
     * @param standby whether the server starts as a hot standby: with {@code standby.signal} and no primary to follow,
     *     it recovers to the state initdb left and then accepts only read-only connections, as a replica does
     */
    static Endpoint start(boolean standby) throws Unavailable {
        Path binDir = PostgresBinaries.find();
        LocalCluster cluster = new LocalCluster(binDir, TempDirs.createForServer("lockstep-pg-"));
        // Started first, so that even a JVM killed during initdb leaves nothing behind.
        Watchdog watchdog = Watchdog.start("postgres", cluster.directory, cluster.stopCommand());
        try {
            String password = Passwords.generate();
            cluster.initdb(password);
            cluster.configure();
            if (standby) {
                cluster.signalStandby();
            }
            int port = cluster.startOnFreePort();
            Runnable stop = () -> {
                cluster.stop();
                watchdog.stop();
            };
            return new Endpoint(KIND, "127.0.0.1", port, ADMIN_USER, password, ADMIN_DATABASE, "", binDir,
                    cluster.directory, cluster.serverLog,
                    "local PostgreSQL from " + binDir + ", data in " + cluster.data, stop);
        } catch (Unavailable | RuntimeException e) {
            cluster.stop();
            watchdog.stop();
            throw e;
        }
    }

    private void initdb(String password) throws Unavailable {
        // The password travels in a file only postgres can read, never on a command line (ps shows those).
        Path passwordFile = directory.resolve("superuser-password");
        try {
            Files.createFile(passwordFile,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, password + "\n");
            OsUser.giveToPostgres(passwordFile);
            Command.Result result = Command.run(OsUser.asPostgres(List.of(binDir.resolve("initdb").toString(),
                    "--pgdata=" + data, "--username=" + ADMIN_USER, "--pwfile=" + passwordFile,
                    // TCP clients must authenticate, so programs use real credentials. The socket is only for
                    // pg_ctl and lives in this private directory, which no other user can enter.
                    "--auth-host=scram-sha-256", "--auth-local=trust",
                    "--encoding=UTF8", "--locale=C", "--no-sync")), directory, INITDB_TIMEOUT);
            if (!result.succeeded()) {
                throw new Unavailable("initdb failed with exit code " + result.exitCode() + ":\n"
                        + Command.tail(result.output(), 20));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + passwordFile + ": " + e.getMessage(), e);
        } finally {
            passwordFile.toFile().delete();
        }
    }

    private void configure() {
        String settings = String.join("\n",
                "",
                "# Added by lockstep-embedded-postgres: a throwaway cluster, deleted at exit.",
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = '" + directory + "'",
                "password_encryption = 'scram-sha-256'",
                // Durability is worthless for a cluster deleted at exit, and costs seconds per test run.
                "fsync = off",
                "synchronous_commit = off",
                "full_page_writes = off",
                // Multi-process tests open many connections at once.
                "max_connections = 300",
                "");
        try {
            Files.writeString(data.resolve("postgresql.conf"), settings, StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot configure " + data + ": " + e.getMessage(), e);
        }
    }

    private void signalStandby() {
        try {
            Path signal = Files.createFile(data.resolve("standby.signal"));
            OsUser.giveToPostgres(signal);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write standby.signal in " + data + ": " + e.getMessage(), e);
        }
    }

    /** Starts the server, retrying on another port when someone took the chosen one in the meantime. */
    private int startOnFreePort() throws Unavailable {
        for (int attempt = 1; ; attempt++) {
            int port = FreePort.pick();
            Command.Result result = Command.run(OsUser.asPostgres(List.of(binDir.resolve("pg_ctl").toString(),
                    "--pgdata=" + data, "--log=" + serverLog, "--wait", "--timeout=60", "-o", "-p " + port,
                    "start")), directory, PG_CTL_TIMEOUT);
            if (result.succeeded()) {
                return port;
            }
            String log = readServerLog();
            if (attempt >= START_ATTEMPTS || !log.contains("could not bind")) {
                throw new Unavailable("pg_ctl start failed with exit code " + result.exitCode() + ": "
                        + result.output().strip() + "\nServer log " + serverLog + ":\n" + Command.tail(log, 20));
            }
            LOG.debug("Port {} was taken before PostgreSQL could bind it; trying another", port);
        }
    }

    /** Stops the server at once (the data is thrown away) and deletes the directory; failures are only logged. */
    private void stop() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                Command.Result result = Command.run(stopCommand(), directory, PG_CTL_TIMEOUT);
                if (!result.succeeded()) {
                    LOG.warn("pg_ctl stop for the throwaway cluster in {} failed: {}", data, result.output().strip());
                }
            } catch (RuntimeException e) {
                LOG.warn("pg_ctl stop for the throwaway cluster in {} failed: {}", data, e.getMessage());
            }
        }
        try {
            TempDirs.deleteRecursively(directory);
        } catch (UncheckedIOException e) {
            LOG.warn("Cannot delete the throwaway cluster's directory {}: {}. Delete it by hand.", directory,
                    e.getMessage());
        }
    }

    private List<String> stopCommand() {
        return OsUser.asPostgres(List.of(binDir.resolve("pg_ctl").toString(), "--pgdata=" + data, "--mode=immediate",
                "--wait", "--timeout=30", "stop"));
    }

    private String readServerLog() {
        try {
            return Files.exists(serverLog)
                    ? new String(Files.readAllBytes(serverLog), StandardCharsets.UTF_8)
                    : "(no server log)";
        } catch (IOException e) {
            return "(cannot read the server log: " + e.getMessage() + ")";
        }
    }
}
