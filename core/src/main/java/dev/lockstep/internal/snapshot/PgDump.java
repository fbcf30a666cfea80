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
import java.util.regex.Pattern;
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
    static final Duration LOCK_WAIT = Duration.ofMinutes(1);
    private static final String DISK_FULL = "The disk under snapshot.directory is full: free space there, lower"
            + " snapshot.keep, or mount a larger volume.";

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
        String id;
        try {
            id = directory.claim(SnapshotName.newId(server.database(), createdAt, request.fromVersion(),
                    request.targetVersion()));
        } catch (IOException e) {
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "Could not create a snapshot file in"
                    + " snapshot.directory=" + directory.path + ": " + e.getMessage() + ". " + diskAdvice(e), e);
        }
        Path partial = directory.partial(id);
        try (SnapshotDirectory.Heartbeat heartbeat = directory.heartbeat(partial)) {
            dump(partial, id, session);
            int entries;
            try {
                entries = verify(partial, session, provider.settings().get(SNAPSHOT_VERIFY)).entries();
            } catch (Unreadable e) {
                throw new SnapshotFailedException(ErrorCode.SNAPSHOT_INVALID, "pg_dump wrote snapshot " + id + ", but"
                        + " reading it back failed: " + e.getMessage() + ". The partial archive was deleted, so no"
                        + " snapshot was kept. If this repeats, check the disk under snapshot.directory="
                        + directory.path + " and that " + tools.pgRestore() + " is the version of " + tools.pgDump
                        + ".", e);
            }
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
            SnapshotDirectory.deleteQuietly(directory.manifest(id)); // written by this run, if at all: the id is ours
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "Could not write snapshot " + id + " in"
                    + " snapshot.directory=" + directory.path + ": " + e.getMessage() + ". " + diskAdvice(e), e);
        } finally {
            SnapshotDirectory.deleteQuietly(partial); // ours: claimed by this run
            SnapshotDirectory.deleteQuietly(directory.path.resolve(id + ".json.partial"));
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

    /** pg_restore could not read an archive; the message says what it printed (redacted). */
    static final class Unreadable extends Exception {
        Unreadable(String problem) {
            super(problem, null, false, false);
        }
    }

    /** Reads the archive back; returns its table of contents. */
    Toc verify(Path archive, ChildSession session, SnapshotVerify depth) throws Unreadable {
        Duration timeout = provider.settings().get(SNAPSHOT_TIMEOUT);
        Toc toc = toc(ChildProcess.run(List.of(tools.pgRestore().toString(), "--list", archive.toString()),
                session::applyTo, timeout, () -> { }), provider);
        if (depth == SnapshotVerify.FULL) {
            ChildProcess.Result read = ChildProcess.run(List.of(tools.pgRestore().toString(), "--file=/dev/null",
                    archive.toString()), session::applyTo, timeout, () -> { });
            if (!read.succeeded()) {
                throw new Unreadable("reading it through (snapshot.verify=full) " + (read.timedOut()
                        ? "did not finish within snapshot.timeout" : "failed: " + provider.redact(read.stderr())));
            }
        }
        return toc;
    }

    /** The table of contents that {@code pg_restore --list} printed; fails when it printed none. */
    static Toc toc(ChildProcess.Result list, PgDumpProvider provider) throws Unreadable {
        // An empty database has no entries; the header proves pg_restore read the archive's table of contents.
        int entries = (int) list.stdout().lines().filter(line -> !line.isBlank() && !line.startsWith(";")).count();
        if (!list.succeeded() || !list.stdout().contains("; Archive created at")) {
            throw new Unreadable("pg_restore --list " + (list.timedOut() ? "did not finish within snapshot.timeout"
                    : list.succeeded() ? "printed no table of contents"
                    : list.streamFailure() != null
                            ? "stopped: reading the archive failed: " + provider.redact(list.streamFailure().getMessage())
                    : "failed: " + provider.redact(list.stderr())));
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

    /**
     * What to do about pg_dump's failure, judged from its error text: the error itself, never a word that may be part
     * of a table's or a path's name.
     */
    static String fixFor(String stderr) {
        for (Advice advice : ADVICE) {
            if (advice.error().matcher(stderr).find()) {
                return advice.fix();
            }
        }
        return "Fix the cause above, or set snapshot.required=false to migrate without a snapshot.";
    }

    private record Advice(Pattern error, String fix) {}

    private static final List<Advice> ADVICE = List.of(
            new Advice(Pattern.compile("No space left on device|Disk quota exceeded", Pattern.CASE_INSENSITIVE),
                    DISK_FULL),
            // pg_dump bounds its LOCK TABLE statements by a statement_timeout of --lock-wait-timeout (SQLSTATE 57014,
            // with the statement in the detail line). SQLSTATE 55P03 (lock_not_available) is the code of the same
            // failure under lock_timeout or NOWAIT, which other pg_dump versions and wrappers may show.
            new Advice(Pattern.compile("ERROR:\\s+(?:57014:\\s+)?canceling statement due to statement timeout\\s*\\n"
                    + "(?:.*\\n)*?.*Query was: LOCK TABLE |ERROR:\\s+(?:55P03:\\s+)?(?:canceling statement due to"
                    + " lock timeout|could not obtain lock on )|\\b55P03\\b"),
                    "pg_dump waited " + LOCK_WAIT.toSeconds() + " s (its --lock-wait-timeout) for a table that another"
                    + " session holds locked exclusively (the LOCK TABLE above names it): retry when that session ends;"
                    + " find it with SELECT pid, state, query FROM pg_stat_activity WHERE pid IN (SELECT pid FROM"
                    + " pg_locks WHERE mode = 'AccessExclusiveLock')."),
            new Advice(Pattern.compile("ERROR:\\s+(?:42501:\\s+)?(?:permission denied for |must be owner of )"),
                    "The database user cannot read every object: pg_dump needs SELECT on all tables of the database;"
                    + " grant it, or set snapshot.enabled=false."),
            new Advice(Pattern.compile("could not open output file .*: (?:Permission denied|Read-only file system)"),
                    "pg_dump cannot write into snapshot.directory: make it writable for this process' user, or"
                    + " point snapshot.directory elsewhere."));

    private static String diskAdvice(Exception e) {
        String text = String.valueOf(e.getMessage());
        return text.contains("No space left on device") || text.contains("Disk quota exceeded") ? DISK_FULL
                : "Check that snapshot.directory is writable and has room, or point it elsewhere.";
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
