package dev.lockstep.internal.snapshot;

import dev.lockstep.ErrorCode;
import dev.lockstep.Snapshot;
import dev.lockstep.SnapshotFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code snapshot.directory}: its files and their names. A snapshot {@code <id>} is the archive {@code <id>.dump}
 * and the manifest {@code <id>.json}; {@code <id>.partial} is an archive being written. Every name is derived from an
 * id ({@link SnapshotName}), and a database's ids start with a prefix no other database's share: nothing else in the
 * directory is ever read, changed or deleted. What is deleted must also be a plain file (never a symbolic link, which
 * is not followed) owned by this process' user ({@link FileOwner}).
 */
final class SnapshotDirectory {
    private static final Logger log = LoggerFactory.getLogger(SnapshotDirectory.class);
    static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final LinkOption[] NOT_FOLLOWED = {LinkOption.NOFOLLOW_LINKS};
    /** How often a snapshot being written touches its partial archive, so that others can tell it is alive. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** A partial archive unchanged for this long has no live writer: far beyond {@link #HEARTBEAT}. */
    static final Duration STALE_PARTIAL = Duration.ofMinutes(10);
    private static final int MOST_NUMBERED = 1000;

    /** Stops touching the file when closed. */
    interface Heartbeat extends AutoCloseable {
        @Override
        void close();
    }

    final Path path;

    SnapshotDirectory(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    /** Creates the directory (0700) if needed and proves this process can write into it. */
    void prepare() {
        try {
            if (Files.exists(path, NOT_FOLLOWED) && !Files.isDirectory(path)) {
                throw failure("it exists and is not a directory", null);
            }
            if (!Files.isDirectory(path) && !create()) {
                throw failure("it exists and is not a directory", null);
            }
            if (!Files.getPosixFilePermissions(path).equals(OWNER_ONLY_DIRECTORY)) {
                tighten();
            }
            Path probe = Files.createTempFile(path, ".lockstep-write-check-", ".tmp", OWNER_ONLY_FILE);
            Files.delete(probe);
        } catch (FileAlreadyExistsException e) {
            throw failure("it exists and is not a directory", e);
        } catch (UnsupportedOperationException e) {
            throw failure("its file system has no POSIX permissions, and Lockstep keeps snapshots readable by their"
                    + " owner only (mode 0600)", e);
        } catch (IOException | SecurityException e) {
            throw failure("this process cannot write there (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + ")", e);
        }
    }

    /**
     * Creates the directory (0700); returns whether a directory is there. Another run sharing it (another schema of
     * the database, another replica on the same volume) may create it between our check and our creation: that is a
     * directory all the same, not a failure.
     */
    private boolean create() throws IOException {
        Files.createDirectories(path.getParent());
        try {
            Files.createDirectory(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            return true;
        } catch (FileAlreadyExistsException e) {
            return Files.isDirectory(path);
        }
    }

    /** Fails when the directory cannot hold {@code neededBytes}. */
    void requireRoom(long neededBytes, String estimate) {
        try {
            long usable = Files.getFileStore(path).getUsableSpace();
            if (usable < neededBytes) {
                throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "snapshot.directory=" + path + " has "
                        + mb(usable) + " free but the snapshot needs about " + mb(neededBytes) + " (" + estimate + ")."
                        + " Free space there (snapshot.keep and snapshot.max-age control how many snapshots are kept),"
                        + " mount a larger volume, or point snapshot.directory elsewhere.");
            }
        } catch (IOException e) {
            log.debug("could not read the free space of {}: {}", path, e.getMessage());
        }
    }

    /**
     * Claims {@code id} for a new snapshot by creating its partial archive (0600), exclusively: when another run took
     * the name first (the same database and second, another schema's run), the next free {@code <id>-<n>} is claimed.
     * Returns the id claimed; its partial archive exists and belongs to the caller.
     */
    String claim(String id) throws IOException {
        for (int n = 1; n <= MOST_NUMBERED; n++) {
            String candidate = n == 1 ? id : SnapshotName.numbered(id, n);
            if (taken(candidate)) {
                continue;
            }
            try {
                Files.createFile(partial(candidate), OWNER_ONLY_FILE); // pg_dump keeps the mode of an existing file
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            if (!taken(candidate)) {
                return candidate;
            }
            Files.deleteIfExists(partial(candidate)); // finished meanwhile by the run that held the name before
        }
        throw new IOException(MOST_NUMBERED + " snapshots named " + id + " exist already");
    }

    /** Whether a snapshot named {@code id} exists or is being sealed (a link or anything else by that name counts). */
    private boolean taken(String id) {
        return Files.exists(archive(id), NOT_FOLLOWED) || Files.exists(manifest(id), NOT_FOLLOWED);
    }

    Path archive(String id) {
        return path.resolve(id + ".dump");
    }

    Path partial(String id) {
        return path.resolve(id + ".partial");
    }

    Path manifest(String id) {
        return path.resolve(id + ".json");
    }

    /**
     * Keeps {@code file}'s modification time fresh until closed, so that no other process takes it for a leftover
     * ({@link #STALE_PARTIAL}), however long pg_dump waits for a lock or a hash takes.
     */
    Heartbeat heartbeat(Path file) {
        ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "lockstep-snapshot-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        beat.scheduleWithFixedDelay(() -> {
            try {
                Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
            } catch (IOException e) {
                log.debug("could not touch {}: {}", file.getFileName(), e.getMessage());
            }
        }, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        return beat::shutdownNow;
    }

    /** Writes the manifest (0600) atomically: a reader sees no file or the whole one. */
    void writeManifest(Snapshot snapshot) throws IOException {
        Path temporary = path.resolve(snapshot.id() + ".json.partial");
        Files.deleteIfExists(temporary);
        try (SeekableByteChannel channel = Files.newByteChannel(temporary, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), OWNER_ONLY_FILE)) {
            ByteBuffer text = ByteBuffer.wrap(Manifest.write(snapshot).getBytes(StandardCharsets.UTF_8));
            while (text.hasRemaining()) {
                channel.write(text);
            }
        }
        Files.move(temporary, manifest(snapshot.id()), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The snapshots of {@code database}, newest first; a manifest that cannot be trusted is listed as damaged. */
    List<Snapshot> list(String database) {
        return entries(database).stream().map(SnapshotStore.Entry::snapshot).toList();
    }

    /** Every manifest named for {@code database}, newest first. */
    List<SnapshotStore.Entry> entries(String database) {
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        List<SnapshotStore.Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path, glob(database, ".json"))) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.length() - ".json".length());
                if (SnapshotName.belongsTo(id, database)) {
                    read(id, database).ifPresent(entries::add);
                }
            }
        } catch (IOException e) {
            throw failure("its files cannot be listed (" + e.getMessage() + ")", e);
        }
        entries.sort(Comparator.comparing((SnapshotStore.Entry entry) -> entry.snapshot().createdAt())
                .thenComparing(entry -> entry.snapshot().id()).reversed());
        return entries;
    }

    /** The snapshot {@code id} of {@code database}, damaged or not; empty when it has no manifest here. */
    Optional<SnapshotStore.Entry> find(String id, String database) {
        if (!SnapshotName.belongsTo(id, database) || !Files.exists(manifest(id), NOT_FOLLOWED)) {
            return Optional.empty();
        }
        return read(id, database);
    }

    /**
     * Removes partial archives of {@code database} that no run is writing any more: left by a process that was
     * stopped, they have not changed for {@link #STALE_PARTIAL}, while a live run's heartbeat keeps its own fresh.
     * Another run may be writing one right now (another schema of the same database has its own lock).
     */
    void removeLeftovers(String database) {
        Instant cutoff = Instant.now().minus(STALE_PARTIAL);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path, glob(database, ".partial"))) {
            for (Path file : files) {
                Optional<BasicFileAttributes> attributes = ownFile(file);
                if (attributes.isPresent() && attributes.get().lastModifiedTime().toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(file);
                    log.info("removed {}, left by a snapshot that did not finish", file.getFileName());
                }
            }
        } catch (IOException e) {
            log.warn("could not remove unfinished snapshots in {}: {}", path, e.getMessage());
        }
    }

    /**
     * Removes password files whose process ended without deleting them (killed during a dump): at once when the
     * process was on this host, after {@code otherHostsAfter} otherwise. Never throws: this runs at every start.
     */
    void removeStalePassfiles(Duration otherHostsAfter) {
        if (!Files.isDirectory(path)) {
            return;
        }
        Instant now = Instant.now();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path, Passfile.PREFIX + "*")) {
            for (Path file : files) {
                Optional<BasicFileAttributes> attributes = ownFile(file);
                if (attributes.isPresent() && Passfile.abandoned(file.getFileName().toString(),
                        Duration.between(attributes.get().lastModifiedTime().toInstant(), now), otherHostsAfter)) {
                    Files.deleteIfExists(file);
                    log.info("removed {}, a password file left by a process that stopped during a snapshot", file);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not remove stale password files in {}: {}", path, e.getMessage());
        }
    }

    /** Deletes a snapshot's archive and manifest, by the names its id gives them; only files that are ours. */
    void delete(SnapshotStore.Entry entry) throws IOException {
        String id = entry.snapshot().id();
        if (!entry.ours()) {
            throw new IOException("its files are not provably Lockstep's");
        }
        for (Path file : List.of(archive(id), manifest(id))) {
            if (Files.exists(file, NOT_FOLLOWED)) {
                if (ownFile(file).isEmpty()) {
                    throw new IOException(file.getFileName() + " is not a plain file of this process' user");
                }
                Files.deleteIfExists(file); // unlinks the name: never follows a link replaced meanwhile
            }
        }
    }

    /**
     * Reads the manifest of {@code id}, which is named for {@code database}; a manifest not to trust is damage. Empty
     * while the snapshot is being sealed: its manifest is written, its archive still partial.
     */
    private Optional<SnapshotStore.Entry> read(String id, String database) {
        Path file = manifest(id);
        Path archive = archive(id);
        Optional<BasicFileAttributes> archiveAttributes = attributes(archive);
        if (archiveAttributes.isEmpty() && Files.exists(partial(id), NOT_FOLLOWED)) {
            return Optional.empty();
        }
        long archiveSize = archiveAttributes.filter(BasicFileAttributes::isRegularFile).map(BasicFileAttributes::size)
                .orElse(0L);
        Optional<BasicFileAttributes> manifestAttributes = attributes(file);
        Instant modified = archiveAttributes.or(() -> manifestAttributes)
                .map(attributes -> attributes.lastModifiedTime().toInstant()).orElse(Instant.EPOCH);
        String problem = null;
        Snapshot snapshot = null;
        if (manifestAttributes.isEmpty() || !manifestAttributes.get().isRegularFile()) {
            problem = "its manifest " + file.getFileName() + " is " + kind(manifestAttributes)
                    + ", not the plain file Lockstep writes";
        } else if (manifestAttributes.get().size() > Manifest.LARGEST) {
            problem = "its manifest " + file.getFileName() + " is larger than " + Manifest.LARGEST / 1024
                    + " KB, more than any manifest Lockstep writes";
        } else {
            try (InputStream in = Files.newInputStream(file, NOT_FOLLOWED)) {
                snapshot = Manifest.read(new String(in.readNBytes(Manifest.LARGEST), StandardCharsets.UTF_8), path);
                if (!snapshot.id().equals(id)) {
                    problem = "its manifest " + file.getFileName() + " describes snapshot " + snapshot.id();
                } else if (!snapshot.database().equals(database)) {
                    problem = "its manifest " + file.getFileName() + " describes database "
                            + shortened(snapshot.database()) + ", not " + database;
                }
            } catch (IOException | RuntimeException e) {
                problem = "its manifest " + file.getFileName() + " cannot be read (" + e.getMessage() + ")";
            }
        }
        if (problem != null || snapshot == null) {
            Instant manifestTime = manifestAttributes.map(a -> a.lastModifiedTime().toInstant()).orElse(Instant.EPOCH);
            return Optional.of(new SnapshotStore.Entry(Snapshot.damaged(id, manifestTime, database, archive, archiveSize,
                    String.valueOf(problem)), false, modified));
        }
        boolean ours = ownFile(file).isPresent();
        if (archiveAttributes.isEmpty()) {
            snapshot = snapshot.withDamage("its archive " + archive.getFileName() + " is missing");
        } else if (!archiveAttributes.get().isRegularFile()) {
            snapshot = snapshot.withDamage("its archive " + archive.getFileName() + " is " + kind(archiveAttributes)
                    + ", not the plain file Lockstep writes");
            ours = false;
        } else {
            ours = ours && ownFile(archive).isPresent();
        }
        return Optional.of(new SnapshotStore.Entry(snapshot, ours, modified));
    }

    /** The attributes of a plain file (not a link) owned by this process' user; empty for anything else. */
    private static Optional<BasicFileAttributes> ownFile(Path file) {
        return attributes(file).filter(BasicFileAttributes::isRegularFile).filter(attributes -> FileOwner.isOurs(file));
    }

    private static Optional<BasicFileAttributes> attributes(Path file) {
        try {
            return Optional.of(Files.readAttributes(file, BasicFileAttributes.class, NOT_FOLLOWED));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            log.debug("could not read the attributes of {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    private static String kind(Optional<BasicFileAttributes> attributes) {
        if (attributes.isEmpty()) {
            return "missing";
        }
        return attributes.get().isSymbolicLink() ? "a symbolic link" : attributes.get().isDirectory() ? "a directory"
                : "a special file";
    }

    private static String glob(String database, String suffix) {
        return SnapshotName.prefix(database) + "*" + suffix; // a prefix holds no character special in a glob
    }

    private static String shortened(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    private void tighten() {
        if (!FileOwner.isOurs(path)) {
            log.debug("snapshot.directory={} belongs to another user; its permissions are left as they are", path);
            return;
        }
        try {
            Files.setPosixFilePermissions(path, OWNER_ONLY_DIRECTORY);
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("snapshot.directory={} is readable by other users and its permissions cannot be changed ({});"
                    + " snapshot files themselves are 0600", path, e.getMessage());
        }
    }

    private SnapshotFailedException failure(String problem, @Nullable Exception cause) {
        return new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "snapshot.directory=" + path + " cannot hold"
                + " snapshots: " + problem + ". Point snapshot.directory at a writable directory (in a container,"
                + " mount a volume there), or set snapshot.enabled=false to migrate without a snapshot.", cause);
    }

    /** Removes a file we wrote; a failure is logged, never thrown, so it cannot hide the error being reported. */
    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not remove {}: {}", file, e.getMessage());
        }
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_048_576.0);
    }
}
