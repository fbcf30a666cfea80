package dev.lockstep.internal.snapshot;

import static dev.lockstep.LockstepSettings.CONNECT_TIMEOUT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_PG_DUMP_PATH;
import static dev.lockstep.LockstepSettings.SNAPSHOT_TIMEOUT;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepSettings;
import dev.lockstep.SnapshotFailedException;
import dev.lockstep.internal.connect.Connections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the target database's schema, without data, into another database of the same server: {@code pg_dump
 * --schema-only --no-owner --no-privileges} piped into {@code psql --single-transaction}, connected as the snapshots
 * connect (libpq environment, a passfile in a private temporary directory). The target is only read: pg_dump takes
 * share locks, waiting at most a minute for each.
 */
public final class SchemaCopy {
    private static final Logger log = LoggerFactory.getLogger(SchemaCopy.class);

    private SchemaCopy() {}

    /**
     * Copies into {@code database}, which must exist and be empty.
     *
     * @throws SnapshotFailedException when pg_dump or psql is missing or too old, the connection details are unknown,
     *     or the copy fails; the message says why
     */
    public static void copy(LockstepSettings settings, Connections connections, int serverMajor, String serverVersion,
            String database) {
        PgTools tools = PgTools.locate(settings.get(SNAPSHOT_PG_DUMP_PATH));
        tools.requireAtLeast(serverMajor, serverVersion);
        String applicationName = "lockstep-plan-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        LibpqEnvironment libpq = LibpqEnvironment.of(connections.details(), applicationName,
                settings.get(CONNECT_TIMEOUT));
        Path directory;
        try {
            directory = Files.createTempDirectory("lockstep-plan-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException | UnsupportedOperationException e) {
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "Cannot create a private temporary directory"
                    + " for pg_dump's password file: " + e + ". Check java.io.tmpdir.", e);
        }
        try (ChildSession session = ChildSession.open(libpq, directory, applicationName)) {
            ChildProcess.Result result = ChildProcess.pipeline(List.of(
                    List.of(tools.pgDump.toString(), "--schema-only", "--no-owner", "--no-privileges", "--no-password",
                            "--lock-wait-timeout=60000"),
                    List.of(tools.psql().toString(), "--no-psqlrc", "--no-password", "--quiet", "--single-transaction",
                            "--set=ON_ERROR_STOP=1", "--dbname=" + database, "--file=-")),
                    session::applyTo, settings.get(SNAPSHOT_TIMEOUT),
                    () -> log.info("copying the schema into {} for a traced plan...", database));
            if (!result.succeeded()) {
                throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "Copying the schema with pg_dump"
                        + " --schema-only into " + database + " failed" + (result.timedOut()
                        ? ": it did not finish within snapshot.timeout" : ": " + connections.redact(result.stderr())));
            }
        } finally {
            SnapshotDirectory.deleteQuietly(directory);
        }
    }
}
