package dev.lockstep.embedded.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/** Private temporary directories for the server processes, and their removal. */
public final class TempDirs {
    private static final Path FALLBACK_BASE = Path.of("/tmp");
    // A Unix socket path must fit in 107 bytes; the socket lives in the directory, so keep its base short.
    private static final int MAX_BASE_LENGTH = 60;

    private TempDirs() {}

    /**
     * A new directory only its owner may enter (0700), owned by the user that runs PostgreSQL and PgBouncer: the
     * {@code postgres} OS user when this JVM is root, this JVM's user otherwise.
     */
    public static Path createForServer(String prefix) {
        try {
            Path directory = Files.createTempDirectory(base(), prefix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            OsUser.giveToPostgres(directory);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory in " + base() + ": " + e.getMessage(),
                    e);
        }
    }

    /** Deletes the directory and everything in it; a file that vanished meanwhile is no error. */
    public static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + directory + ": " + e.getMessage(), e);
        }
    }

    private static Path base() {
        Path configured = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        boolean usable = configured.toString().length() <= MAX_BASE_LENGTH
                && (!OsUser.isRoot() || traversableByOthers(configured));
        return usable ? configured : FALLBACK_BASE;
    }

    /** Whether another user (postgres, when we are root) can reach files below this directory. */
    private static boolean traversableByOthers(Path directory) {
        for (Path each = directory; each != null; each = each.getParent()) {
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(each);
                if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return true;
    }
}
