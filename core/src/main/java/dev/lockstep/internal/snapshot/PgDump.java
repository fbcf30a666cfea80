package dev.lockstep.internal.snapshot;

import static dev.lockstep.LockstepSettings.SNAPSHOT_TIMEOUT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_VERIFY;

import dev.lockstep.ErrorCode;
import dev.lockstep.Snapshot;
import dev.lockstep.SnapshotFailedException;
import dev.lockstep.SnapshotVerify;
import dev.lockstep.internal.config.Durations;
import dev.lockstep.spi.SnapshotRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One snapshot: pg_dump into {@code <id>.partial}, verify it with pg_restore, hash it, write the manifest, and
 * rename the archive into place. Until the rename nothing in the directory claims a snapshot exists; any
 * failure removes the partial file.
 */
final class PgDump {
    private static final Logger log = LoggerFactory.getLogger(PgDump.class);
    /** gzip level 1: measured on a generated 300 MB database, see docs/benchmarks.md ("Snapshot compression"). */
    static final int COMPRESSION = 1;
    /**
     * pg_dump's {@code --lock-wait-timeout}: how long it waits for the shared lock on a table that another session
     * holds exclusively, before giving up. {@code snapshot.timeout} still bounds the whole dump.
     */
    private static final Duration LOCK_WAIT = Duration.ofMinutes(1);

    private final PgDumpProvider provider;
    private final PgTools tools;
    private final SnapshotDirectory directory;

    PgDump(PgDumpProvider provider, PgTools tools, SnapshotDirectory directory) {
        this.provider = provider;
        this.tools = tools;
        this.directory = directory;
    }

    Snapshot take(SnapshotRequest request, ServerInfo server, ChildSession session) {
        Instant createdAt = Instant.now();
        long started = System.nanoTime();
        String id = directory.freeId(SnapshotDirectory.newId(server.database(), createdAt, request.fromVersion(),
                request.targetVersion()));
        Path partial = directory.partial(id);
        try {
            Files.createFile(partial, SnapshotDirectory.OWNER_ONLY_FILE); // pg_dump keeps the mode of an existing file
            dump(partial, id, session);
            int entries = verify(partial, session, provider.settings().get(SNAPSHOT_VERIFY)).entries();
            String sha256 = sha256(partial);
            Snapshot snapshot = new Snapshot(id, createdAt, Duration.ofMillis((System.nanoTime() - started) / 1_000_000),
                    server.database(), session.hosts(), server.version(), tools.pgDumpVersion, "custom",
                    "gzip:" + COMPRESSION, request.fromVersion(), request.targetVersion(), request.appVersion(),
                    directory.archive(id), Files.size(partial), sha256, entries, true);
            directory.writeManifest(snapshot);
            Files.move(partial, directory.archive(id), StandardCopyOption.ATOMIC_MOVE);
            log.info("snapshot {}: {} in {} s", id, SnapshotDirectory.mb(snapshot.sizeBytes()),
                    String.format(Locale.ROOT, "%.1f", snapshot.duration().toMillis() / 1000.0));
            return snapshot;
        } catch (IOException e) {
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "Could not write snapshot " + id + " in "
                    + directory.path + ": " + e.getMessage() + ". Check snapshot.directory.", e);
        } finally {
            SnapshotDirectory.deleteQuietly(partial);
        }
    }

    private void dump(Path partial, String id, ChildSession session) {
        Duration timeout = provider.settings().get(SNAPSHOT_TIMEOUT);
        List<String> command = List.of(tools.pgDump.toString(), "--format=custom", "--compress=" + COMPRESSION,
                "--lock-wait-timeout=" + LOCK_WAIT.toMillis(), "--no-password", "--file=" + partial);
        long started = System.nanoTime();
        ChildProcess.Result result = ChildProcess.run(command, session::applyTo, timeout, () -> log.info(
                "snapshot {}: {} written after {} s", id, SnapshotDirectory.mb(sizeOf(partial)),
                Duration.ofNanos(System.nanoTime() - started).toSeconds()));
        if (result.timedOut()) {
            provider.endSessions(session.applicationName());
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "pg_dump did not finish within snapshot.timeout="
                    + Durations.format(timeout) + " (" + SnapshotDirectory.mb(sizeOf(partial)) + " written); it was"
                    + " stopped and its server session ended. Raise snapshot.timeout for a database this size, or set"
                    + " snapshot.required=false to migrate without a snapshot when it takes too long.");
        }
        if (!result.succeeded()) {
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "pg_dump failed (exit code "
                    + result.exitCode() + "): " + provider.redact(result.stderr()) + ". " + fixFor(result.stderr()));
        }
    }

    /** An archive's table of contents as {@code pg_restore --list} printed it, and how many entries it lists. */
    record Toc(int entries, String listing) {}

    /** Reads the archive back; returns its table of contents. */
    Toc verify(Path archive, ChildSession session, SnapshotVerify depth) {
        Duration timeout = provider.settings().get(SNAPSHOT_TIMEOUT);
        ChildProcess.Result list = ChildProcess.run(List.of(tools.pgRestore().toString(), "--list", archive.toString()),
                session::applyTo, timeout, () -> { });
        // An empty database has no entries; the header proves pg_restore read the archive's table of contents.
        int entries = (int) list.stdout().lines().filter(line -> !line.isBlank() && !line.startsWith(";")).count();
        if (!list.succeeded() || !list.stdout().contains("; Archive created at")) {
            throw invalid(archive, "pg_restore --list " + (list.succeeded() ? "printed no table of contents"
                    : "failed: " + provider.redact(list.stderr())));
        }
        if (depth == SnapshotVerify.FULL) {
            ChildProcess.Result read = ChildProcess.run(List.of(tools.pgRestore().toString(), "--file=/dev/null",
                    archive.toString()), session::applyTo, timeout, () -> { });
            if (!read.succeeded()) {
                throw invalid(archive, "reading it through failed: " + provider.redact(read.stderr()));
            }
        }
        return new Toc(entries, list.stdout());
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static SnapshotFailedException invalid(Path archive, String problem) {
        return new SnapshotFailedException(ErrorCode.SNAPSHOT_INVALID, "The snapshot " + archive.getFileName()
                + " did not pass verification: " + problem + ". It is not kept; if this repeats, check the disk under"
                + " snapshot.directory and that pg_restore matches pg_dump's version.");
    }

    private static String fixFor(String stderr) {
        String text = stderr.toLowerCase(Locale.ROOT);
        if (text.contains("no space left on device") || text.contains("disk quota exceeded")) {
            return "The disk under snapshot.directory is full: free space there, lower snapshot.keep, or mount a larger"
                    + " volume.";
        }
        if (text.contains("permission denied") || text.contains("must be owner")) {
            return "The database user cannot read every object: pg_dump needs SELECT on all tables of the database;"
                    + " grant it, or set snapshot.enabled=false.";
        }
        if (text.contains("lock")) {
            return "Another session held a conflicting table lock: retry when it ends.";
        }
        return "Fix the cause above, or set snapshot.required=false to migrate without a snapshot.";
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
