package dev.lockstep.internal.snapshot;

import dev.lockstep.ErrorCode;
import dev.lockstep.SnapshotFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A temporary libpq password file ({@code PGPASSFILE}) for one pg_dump or pg_restore child: the way to hand it the
 * password without a command line or an environment variable, both of which other local users can read through
 * {@code /proc}. Only the owner may read the file, from the moment it exists: it is created with mode 0600, never
 * chmod-ed after the password is in it. {@link #close()} deletes it, also when the child failed.
 *
 * <p>The single line matches every host, port, database and user ({@code *:*:*:*:password}). The child is told
 * where to connect by its environment alone, so the wildcards widen nothing: they let one file serve a URL with
 * several hosts (libpq looks the password up per host it tries) and a restore that connects to the maintenance
 * database {@code postgres} to create and rename databases, not only to the application's database.
 *
 * <p>Its name carries the {@link ProcessMark} of the process that wrote it ({@code .lockstep-pgpass-<mark>-<random>}),
 * so that when that process was killed before it could delete the file, the next Lockstep on the same host removes
 * it at once ({@link #abandoned}).
 */
public final class Passfile implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Passfile.class);
    static final String PREFIX = ".lockstep-pgpass-";

    private final Path path;
    private final AtomicBoolean deleted = new AtomicBoolean();

    private Passfile(Path path) {
        this.path = path;
    }

    /**
     * Writes a new password file into {@code directory} (the snapshot directory or the system's temporary directory).
     * Fails when the password cannot be written in libpq's format or the directory does not take the file.
     */
    public static Passfile create(Path directory, String password) {
        String line = "*:*:*:*:" + escape(password) + "\n";
        Path path;
        try {
            String mark = ProcessMark.current();
            path = Files.createTempFile(directory, PREFIX + (mark == null ? "" : mark + "-"), "",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException | UnsupportedOperationException e) {
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "Cannot create a password file for pg_dump in "
                    + directory + ": " + e + ". Make the directory writable for this process (a file system with"
                    + " POSIX permissions), or set snapshot.enabled=false to migrate without snapshots.", e);
        }
        Passfile passfile = new Passfile(path);
        try {
            Files.writeString(path, line, StandardCharsets.UTF_8);
        } catch (IOException e) {
            passfile.close();
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "Cannot write the password file " + path
                    + " for pg_dump: " + e.getMessage() + ".", e);
        }
        return passfile;
    }

    /**
     * Whether the password file {@code name} was left by a process that ended without deleting it: one of this host
     * whose process is gone, or any that is older than {@code maxAge} (a process on another host sharing the
     * directory, whose liveness cannot be checked from here, has finished with it by then).
     */
    static boolean abandoned(String name, Duration age, Duration maxAge) {
        return name.startsWith(PREFIX) && (ProcessMark.namesEndedProcess(name.substring(PREFIX.length()))
                || age.compareTo(maxAge) > 0);
    }

    /** Where the file is: the value for {@code PGPASSFILE}. */
    public Path path() {
        return path;
    }

    /**
     * Deletes the file. Closing twice is fine. A file that cannot be deleted is logged, not thrown: this runs in
     * cleanup, where an exception would hide the failure that brought us here.
     */
    @Override
    public void close() {
        if (!deleted.compareAndSet(false, true)) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("Cannot delete the temporary password file {} ({}); delete it by hand: it holds the database"
                    + " password, readable only by this process' user.", path, e.toString());
        }
    }

    @Override
    public String toString() {
        return "Passfile[" + path + "]";
    }

    /** libpq reads {@code \} as an escape and {@code :} as the field separator; a line break ends the entry. */
    private static String escape(String password) {
        if (password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0) {
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "The database password contains a line"
                    + " break, which a libpq password file cannot hold, so pg_dump cannot be given the password."
                    + " Use a password without line breaks, or set snapshot.enabled=false to migrate without"
                    + " snapshots.");
        }
        return password.replace("\\", "\\\\").replace(":", "\\:");
    }
}
