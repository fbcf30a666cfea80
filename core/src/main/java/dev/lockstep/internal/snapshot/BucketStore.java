package dev.lockstep.internal.snapshot;

import static dev.lockstep.LockstepSettings.SNAPSHOT_TIMEOUT;

import dev.lockstep.ErrorCode;
import dev.lockstep.Snapshot;
import dev.lockstep.SnapshotFailedException;
import dev.lockstep.SnapshotVerify;
import dev.lockstep.internal.config.Durations;
import dev.lockstep.internal.config.ObjectStorageSettings;
import dev.lockstep.spi.ObjectStorage;
import dev.lockstep.spi.ObjectStorage.StoredObject;
import dev.lockstep.spi.SnapshotRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots as objects in a bucket ({@code snapshot.storage=s3}): pg_dump's output goes straight into a multipart
 * upload, hashed on the way, with no local copy. A snapshot exists once its manifest does: the manifest is written
 * last, after the upload completed and pg_restore read the stored archive's table of contents back, and listing
 * reads manifests only. An archive without a manifest is what a stopped process left behind; the next snapshot of
 * the same database removes it, and aborts any multipart upload left unfinished under the prefix.
 *
 * <p>Every key is derived from a snapshot id: {@code <prefix><id>.dump} and {@code <prefix><id>.json}, the prefix
 * with {@code <database>} replaced by the database's name as snapshot ids write it. Retention and cleanup touch only
 * keys of that shape for their own database, so databases may share a bucket and a prefix.
 */
final class BucketStore implements SnapshotStore {
    private static final Logger log = LoggerFactory.getLogger(BucketStore.class);
    /** pg_restore reads archives from its standard input; the archive is streamed there. */
    private static final List<String> FROM_STDIN = List.of();
    private static final int CHUNK = 1 << 16;

    private final PgDumpProvider provider;
    private final ObjectStorage objects;
    private final String prefixPattern;
    private final Path scratch;

    BucketStore(PgDumpProvider provider, ObjectStorage objects, String prefixPattern, Path scratch) {
        this.provider = provider;
        this.objects = objects;
        this.prefixPattern = prefixPattern;
        this.scratch = scratch;
    }

    /** The key prefix of {@code database}'s snapshots. */
    String prefix(String database) {
        return prefixPattern.replace(ObjectStorageSettings.DATABASE, SnapshotName.encode(database));
    }

    private String archiveKey(String id, String database) {
        return prefix(database) + id + ".dump";
    }

    private String manifestKey(String id, String database) {
        return prefix(database) + id + ".json";
    }

    @Override
    public String where() {
        return objects.describe(prefixPattern);
    }

    @Override
    public String settings() {
        return "snapshot.s3.bucket and snapshot.s3.prefix";
    }

    @Override
    public String listByHand(String database) {
        return "aws s3 ls " + objects.describe(prefix(database));
    }

    @Override
    public Path scratch() {
        return scratch;
    }

    @Override
    public void prepare(ServerInfo server) {
        new SnapshotDirectory(scratch).prepare();
        objects.preflight(prefix(server.database()));
    }

    @Override
    public void removeLeftovers(String database) {
        String prefix = prefix(database);
        try {
            for (ObjectStorage.UnfinishedUpload upload : objects.unfinished(prefix)) {
                if (idOf(upload.key(), prefix, ".dump", database).isPresent()) {
                    objects.abort(upload);
                    log.info("aborted the upload of {}, left by a snapshot that did not finish",
                            objects.describe(upload.key()));
                }
            }
            Map<String, StoredObject> keys = keys(prefix);
            for (StoredObject object : keys.values()) {
                Optional<String> id = idOf(object.key(), prefix, ".dump", database);
                if (id.isPresent() && !keys.containsKey(manifestKey(id.get(), database))) {
                    objects.delete(object.key());
                    log.info("removed {}, left by a snapshot that did not finish", objects.describe(object.key()));
                }
            }
        } catch (RuntimeException e) {
            log.warn("could not remove unfinished snapshots under {}: {}", objects.describe(prefix),
                    provider.redact(e.getMessage()));
        }
    }

    @Override
    public Snapshot take(SnapshotRequest request, ServerInfo server, PgTools tools, ChildSession session) {
        Instant createdAt = Instant.now();
        long started = System.nanoTime();
        String database = server.database();
        String id = claim(SnapshotName.newId(database, createdAt, request.fromVersion(), request.targetVersion()),
                database);
        String key = archiveKey(id, database);
        MessageDigest digest = Checksums.sha256();
        AtomicLong size = new AtomicLong();
        StoredObject stored;
        try (ObjectStorage.Upload upload = objects.upload(key)) {
            dump(tools, session, id, upload, digest, size);
            stored = upload.complete();
        }
        String sha256 = Checksums.hex(digest);
        if (stored.size() != size.get()) {
            objects.delete(key);
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_INVALID, "Snapshot " + id + " was uploaded to "
                    + objects.describe(key) + ", but the store holds " + stored.size() + " bytes of the " + size.get()
                    + " sent. The object was deleted, so no snapshot was kept. Check the store behind"
                    + " snapshot.s3.endpoint.");
        }
        int entries;
        try {
            entries = readBack(tools, session, key, stored.version());
        } catch (PgDump.Unreadable e) {
            objects.delete(key);
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_INVALID, "pg_dump wrote snapshot " + id + " to "
                    + objects.describe(key) + ", but reading it back failed: " + e.getMessage() + ". The object was"
                    + " deleted, so no snapshot was kept. If this repeats, check that " + tools.pgRestore()
                    + " is the version of " + tools.pgDump + ".", e);
        }
        Snapshot snapshot = new Snapshot(id, createdAt, Duration.ofMillis((System.nanoTime() - started) / 1_000_000),
                database, session.hosts(), server.version(), tools.pgDumpVersion, "custom",
                "gzip:" + PgDump.COMPRESSION, request.fromVersion(), request.targetVersion(), request.appVersion(),
                Path.of(id + ".dump"), size.get(), sha256, entries, true);
        objects.put(manifestKey(id, database), Manifest.write(snapshot).getBytes(StandardCharsets.UTF_8));
        log.info("snapshot {}: {} in {} s, in {}", id, SnapshotDirectory.mb(snapshot.sizeBytes()),
                String.format(Locale.ROOT, "%.1f", snapshot.duration().toMillis() / 1000.0), objects.describe(key));
        return snapshot;
    }

    /** pg_dump into the upload, hashing and counting on the way; the upload is aborted by its caller on failure. */
    private void dump(PgTools tools, ChildSession session, String id, ObjectStorage.Upload upload,
            MessageDigest digest, AtomicLong size) {
        Duration timeout = provider.settings().get(SNAPSHOT_TIMEOUT);
        List<String> command = List.of(tools.pgDump.toString(), "--format=custom", "--compress=" + PgDump.COMPRESSION,
                "--lock-wait-timeout=" + PgDump.LOCK_WAIT.toMillis(), "--no-password");
        long started = System.nanoTime();
        ChildProcess.Result result = ChildProcess.streamed(List.of(command), session::applyTo, null, stdout -> {
            byte[] buffer = new byte[CHUNK];
            int read;
            while ((read = stdout.read(buffer)) >= 0) {
                digest.update(buffer, 0, read);
                size.addAndGet(read);
                upload.write(buffer, 0, read);
            }
        }, timeout, () -> log.info("snapshot {}: {} uploaded after {} s", id, SnapshotDirectory.mb(size.get()),
                Duration.ofNanos(System.nanoTime() - started).toSeconds()));
        if (result.timedOut()) {
            provider.endSessions(session.applicationName());
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "pg_dump did not finish within"
                    + " snapshot.timeout=" + Durations.format(timeout) + " (" + SnapshotDirectory.mb(size.get())
                    + " uploaded); it was stopped, its server session ended and its upload aborted. Raise"
                    + " snapshot.timeout for a database this size, or set snapshot.required=false to migrate without a"
                    + " snapshot when it takes too long.");
        }
        if (result.streamFailure() instanceof SnapshotFailedException failure) {
            throw failure; // the store's own message, naming its setting
        }
        if (result.streamFailure() != null) {
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "Uploading snapshot " + id + " to "
                    + objects.describe(prefixPattern) + " failed: "
                    + provider.redact(result.streamFailure().getMessage()) + ". The upload was aborted. Check"
                    + " snapshot.s3.endpoint and that the store is reachable.",
                    result.streamFailure());
        }
        if (!result.succeeded()) {
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "pg_dump failed (exit code "
                    + result.exitCode() + "): " + provider.redact(result.stderr()) + ". "
                    + PgDump.fixFor(result.stderr()));
        }
    }

    /** pg_restore --list over the stored object; the entries it lists. */
    private int readBack(PgTools tools, ChildSession session, String key, String version) throws PgDump.Unreadable {
        ChildProcess.Result list = ChildProcess.streamed(List.of(List.of(tools.pgRestore().toString(), "--list")),
                session::applyTo, stdin -> {
                    try (InputStream in = objects.read(key, version)) {
                        copyUntilClosed(in, stdin);
                    }
                }, null, provider.settings().get(SNAPSHOT_TIMEOUT), () -> { });
        return PgDump.toc(list, provider).entries();
    }

    @Override
    public List<Entry> entries(String database) {
        String prefix = prefix(database);
        Map<String, StoredObject> keys = keys(prefix);
        List<Entry> entries = new ArrayList<>();
        for (StoredObject object : keys.values()) {
            idOf(object.key(), prefix, ".json", database).ifPresent(id -> entries.add(read(id, database, object,
                    keys.get(archiveKey(id, database)))));
        }
        entries.sort(Comparator.comparing((Entry entry) -> entry.snapshot().createdAt())
                .thenComparing(entry -> entry.snapshot().id()).reversed());
        return entries;
    }

    @Override
    public Optional<Entry> find(String id, String database) {
        if (!SnapshotName.belongsTo(id, database)) {
            return Optional.empty();
        }
        return objects.stat(manifestKey(id, database)).map(manifest -> read(id, database, manifest,
                objects.stat(archiveKey(id, database)).orElse(null)));
    }

    @Override
    public void delete(Entry entry) throws IOException {
        if (!entry.ours()) {
            throw new IOException("its objects are not provably Lockstep's");
        }
        String id = entry.snapshot().id();
        String database = entry.snapshot().database();
        try {
            objects.delete(manifestKey(id, database)); // first: without it, the archive is a leftover, never listed
            objects.delete(archiveKey(id, database));
        } catch (RuntimeException e) {
            throw new IOException(provider.redact(e.getMessage()), e);
        }
    }

    @Override
    public PgDump.Toc verify(Snapshot snapshot, PgTools tools, ChildSession session, SnapshotVerify depth) {
        Duration timeout = provider.settings().get(SNAPSHOT_TIMEOUT);
        String key = archiveKey(snapshot.id(), snapshot.database());
        // --list reads the table of contents only; the feed reads the rest to check the SHA-256 all the same.
        ChildProcess.Result list = ChildProcess.streamed(List.of(List.of(tools.pgRestore().toString(), "--list")),
                session::applyTo, checkedFeed(snapshot, key), null, timeout, () -> { });
        refuseChanged(snapshot, list);
        PgDump.Toc toc;
        try {
            toc = PgDump.toc(list, provider);
        } catch (PgDump.Unreadable e) {
            throw provider.invalid(snapshot, "pg_restore cannot read its archive, although it matches the SHA-256 its"
                    + " manifest records: " + e.getMessage());
        }
        if (depth == SnapshotVerify.FULL) {
            ChildProcess.Result read = ChildProcess.streamed(List.of(List.of(tools.pgRestore().toString(),
                    "--file=/dev/null")), session::applyTo, checkedFeed(snapshot, key), null, timeout, () -> { });
            refuseChanged(snapshot, read);
            if (!read.succeeded()) {
                throw provider.invalid(snapshot, "pg_restore cannot read its archive through (snapshot.verify=full): "
                        + (read.timedOut() ? "it did not finish within snapshot.timeout"
                        : provider.redact(read.stderr())));
            }
        }
        return toc;
    }

    @Override
    public Archive archive(Snapshot snapshot) {
        return new Archive(FROM_STDIN, checkedFeed(snapshot, archiveKey(snapshot.id(), snapshot.database())));
    }

    /** Streams the object through {@link CheckedArchive} into a child; reads it to the end even if the child stops. */
    private ChildProcess.Feed checkedFeed(Snapshot snapshot, String key) {
        return stdin -> {
            try (CheckedArchive archive = new CheckedArchive(objects.read(key, null), snapshot)) {
                copyUntilClosed(archive, stdin);
                archive.readToEnd();
            }
        };
    }

    private void refuseChanged(Snapshot snapshot, ChildProcess.Result result) {
        if (result.streamFailure() instanceof CheckedArchive.Changed changed) {
            throw provider.invalid(snapshot, changed.getMessage());
        }
        if (result.streamFailure() != null) {
            throw provider.invalid(snapshot, "its archive cannot be read from " + where() + " ("
                    + provider.redact(result.streamFailure().getMessage()) + ")");
        }
    }

    /** Copies {@code in} to {@code out} until either ends; a child that stopped reading is not a failure here. */
    private static void copyUntilClosed(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[CHUNK];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            try {
                out.write(buffer, 0, read);
            } catch (IOException pipeClosed) {
                return; // the child has read what it needs (pg_restore --list stops after the table of contents)
            }
        }
    }

    /** The first free id among {@code id}, {@code id-2}, ...: no manifest and no archive under it yet. */
    private String claim(String id, String database) {
        for (int n = 1; n <= 100; n++) {
            String candidate = n == 1 ? id : SnapshotName.numbered(id, n);
            if (objects.stat(manifestKey(candidate, database)).isEmpty()
                    && objects.stat(archiveKey(candidate, database)).isEmpty()) {
                return candidate;
            }
        }
        throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "Every name for a new snapshot " + id + " is taken"
                + " under " + objects.describe(prefix(database)) + ". Remove old snapshots there, or check"
                + " snapshot.s3.prefix.");
    }

    private Map<String, StoredObject> keys(String prefix) {
        Map<String, StoredObject> keys = new HashMap<>();
        for (StoredObject object : objects.list(prefix)) {
            keys.put(object.key(), object);
        }
        return keys;
    }

    /** The snapshot id of {@code key} when it is {@code <prefix><id><suffix>} for a snapshot of {@code database}. */
    private static Optional<String> idOf(String key, String prefix, String suffix, String database) {
        if (!key.startsWith(prefix) || !key.endsWith(suffix)) {
            return Optional.empty();
        }
        String id = key.substring(prefix.length(), key.length() - suffix.length());
        return SnapshotName.belongsTo(id, database) ? Optional.of(id) : Optional.empty();
    }

    /** The snapshot a manifest object describes; damaged when it cannot be trusted or its archive is gone. */
    private Entry read(String id, String database, StoredObject manifest, @Nullable StoredObject archive) {
        Path file = Path.of(id + ".dump");
        long archiveSize = archive == null ? 0 : archive.size();
        Snapshot snapshot = null;
        String problem = null;
        if (manifest.size() > Manifest.LARGEST) {
            problem = "its manifest " + id + ".json is larger than " + Manifest.LARGEST / 1024 + " KB, more than any"
                    + " manifest Lockstep writes";
        } else {
            try (InputStream in = objects.read(manifest.key(), null)) {
                snapshot = Manifest.read(new String(in.readNBytes(Manifest.LARGEST), StandardCharsets.UTF_8),
                        Path.of(""));
                if (!snapshot.id().equals(id)) {
                    problem = "its manifest " + id + ".json describes snapshot " + snapshot.id();
                } else if (!snapshot.database().equals(database)) {
                    problem = "its manifest " + id + ".json describes another database, not " + database;
                }
            } catch (IOException | RuntimeException e) {
                problem = "its manifest " + id + ".json cannot be read (" + provider.redact(e.getMessage()) + ")";
            }
        }
        if (problem != null || snapshot == null) {
            return new Entry(Snapshot.damaged(id, manifest.lastModified(), database, file, archiveSize,
                    String.valueOf(problem)),
                    false, manifest.lastModified());
        }
        if (archive == null) {
            snapshot = snapshot.withDamage("its archive " + id + ".dump is missing from " + where());
        }
        return new Entry(snapshot, true, manifest.lastModified());
    }
}
