package dev.lockstep.internal.snapshot;

import dev.lockstep.ErrorCode;
import dev.lockstep.Snapshot;
import dev.lockstep.SnapshotFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code snapshot.directory}: its files and their names. A snapshot {@code <id>} is the archive
 * {@code <id>.dump} and the manifest {@code <id>.json}; {@code <id>.partial} is an archive being written. Every
 * name starts with {@code lockstep-<db>-}, which is how Lockstep recognises its own files: nothing else in the
 * directory is ever read, changed or deleted.
 */
final class SnapshotDirectory {
    private static final Logger log = LoggerFactory.getLogger(SnapshotDirectory.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    final Path path;

    SnapshotDirectory(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    /** Creates the directory (0700) if needed and proves this process can write into it. */
    void prepare() {
        try {
            if (!Files.isDirectory(path)) {
                Files.createDirectories(path.getParent());
                Files.createDirectory(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            } else if (!Files.getPosixFilePermissions(path).equals(OWNER_ONLY_DIRECTORY)) {
                tighten();
            }
            Path probe = Files.createTempFile(path, ".lockstep-write-check-", ".tmp", OWNER_ONLY_FILE);
            Files.delete(probe);
        } catch (FileAlreadyExistsException e) {
            throw failure("it exists and is not a directory", e);
        } catch (IOException | SecurityException e) {
            throw failure("this process cannot write there (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
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

    static String newId(String database, Instant createdAt, @Nullable String from, @Nullable String to) {
        String id = "lockstep-" + database + "-" + STAMP.format(createdAt) + "-v" + (from == null ? "0" : from)
                + "-to-v" + (to == null ? "0" : to);
        return id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
    }

    /** An id not used yet: a second snapshot within the same second gets a suffix. */
    String freeId(String id) {
        String candidate = id;
        for (int n = 2; Files.exists(archive(candidate)) || Files.exists(partial(candidate))
                || Files.exists(manifest(candidate)); n++) {
            candidate = id + "-" + n;
        }
        return candidate;
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

    /** Writes the manifest (0600) atomically: a reader sees the old file or the whole new one. */
    void writeManifest(Snapshot snapshot) throws IOException {
        Path temporary = path.resolve(snapshot.id() + ".json.partial");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, OWNER_ONLY_FILE);
        Files.writeString(temporary, Manifest.write(snapshot), StandardCharsets.UTF_8);
        Files.move(temporary, manifest(snapshot.id()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The snapshots of {@code database} (every database when null), newest first; unreadable manifests skipped. */
    List<Snapshot> list(@Nullable String database) {
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        List<Snapshot> snapshots = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path, "lockstep-*.json")) {
            for (Path file : files) {
                read(file).filter(s -> database == null || s.database().equals(database)).ifPresent(snapshots::add);
            }
        } catch (IOException e) {
            throw failure("its files cannot be listed (" + e.getMessage() + ")", e);
        }
        snapshots.sort(Comparator.comparing(Snapshot::createdAt).thenComparing(Snapshot::id).reversed());
        return snapshots;
    }

    Optional<Snapshot> find(String id) {
        Path file = manifest(id);
        return id.startsWith("lockstep-") && !id.contains("/") && Files.isRegularFile(file) ? read(file) : Optional.empty();
    }

    /** Archives still being written when an earlier process stopped; none is running while we hold the lock. */
    void removeLeftovers(String database) {
        String prefix = "lockstep-" + database.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_") + "-";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path, prefix + "*.partial")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
                log.info("removed {}, left by a snapshot that did not finish", file.getFileName());
            }
        } catch (IOException e) {
            log.warn("could not remove unfinished snapshots in {}: {}", path, e.getMessage());
        }
    }

    /**
     * Password files of a process killed while its pg_dump ran. Another database's snapshot may be running from
     * the same directory right now, so only files older than {@code olderThan} (far beyond any dump) are removed.
     */
    void removeStalePassfiles(java.time.Duration olderThan) {
        Instant cutoff = Instant.now().minus(olderThan);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path, Passfile.PREFIX + "*")) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(file);
                    log.info("removed {}, a password file left by a process that stopped during a snapshot", file);
                }
            }
        } catch (IOException e) {
            log.warn("could not remove stale password files in {}: {}", path, e.getMessage());
        }
    }

    void delete(Snapshot snapshot) throws IOException {
        Files.deleteIfExists(snapshot.file());
        Files.deleteIfExists(manifest(snapshot.id()));
    }

    private Optional<Snapshot> read(Path manifest) {
        try {
            return Optional.of(Manifest.read(Files.readString(manifest, StandardCharsets.UTF_8), path));
        } catch (IOException | RuntimeException e) {
            log.debug("ignoring {}: not a Lockstep manifest ({})", manifest.getFileName(), e.getMessage());
            return Optional.empty();
        }
    }

    private void tighten() {
        try {
            Files.setPosixFilePermissions(path, OWNER_ONLY_DIRECTORY);
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("snapshot.directory={} is readable by other users and its permissions cannot be changed ({});"
                    + " snapshot files themselves are 0600", path, e.getMessage());
        }
    }

    private SnapshotFailedException failure(String problem, Exception cause) {
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
