package dev.lockstep.internal.snapshot;

import dev.lockstep.ErrorCode;
import dev.lockstep.SnapshotFailedException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL client programs a snapshot needs: pg_dump from {@code snapshot.pg-dump-path} or the PATH,
 * pg_restore and psql beside it, and pg_dump's version.
 */
final class PgTools {
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?");
    private static final String DEBIAN_VERSIONS = "/usr/lib/postgresql";

    final Path pgDump;
    final String pgDumpVersion;
    final int pgDumpMajor;

    private PgTools(Path pgDump, String pgDumpVersion, int pgDumpMajor) {
        this.pgDump = pgDump;
        this.pgDumpVersion = pgDumpVersion;
        this.pgDumpMajor = pgDumpMajor;
    }

    /** Finds pg_dump and asks its version; fails naming the setting or package that fixes it. */
    static PgTools locate(@Nullable Path configured) {
        Path found = configured != null ? configured : onPath("pg_dump");
        Path pgDump = found == null ? null : pastDebianWrapper(found, Path.of(DEBIAN_VERSIONS));
        if (pgDump == null || !Files.isExecutable(pgDump)) {
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, (configured != null
                    ? "snapshot.pg-dump-path=" + configured + " is not an executable file."
                    : "pg_dump was not found on the PATH.")
                    + " Lockstep runs pg_dump to snapshot the database before migrating: install the PostgreSQL"
                    + " client (postgresql-client-<server major version> on Debian/Ubuntu, postgresql<N> on Alpine/RHEL)"
                    + " in the application's image, or set snapshot.pg-dump-path to the pg_dump binary;"
                    + " or set snapshot.enabled=false to migrate without a snapshot.");
        }
        String version = versionOf(pgDump);
        Matcher matcher = VERSION.matcher(version);
        if (!matcher.find()) {
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, pgDump + " --version printed '" + version
                    + "', which is not a pg_dump version. Set snapshot.pg-dump-path to PostgreSQL's pg_dump.");
        }
        return new PgTools(pgDump, version, Integer.parseInt(matcher.group(1)));
    }

    /** pg_dump must be at least the server's major version: an older one refuses or misses newer objects. */
    void requireAtLeast(int serverMajor, String serverVersion) {
        if (pgDumpMajor < serverMajor) {
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "pg_dump at " + pgDump + " is version "
                    + pgDumpMajor + " (" + pgDumpVersion + ") but the server runs PostgreSQL " + serverVersion
                    + "; pg_dump must be at least the server's major version. Install postgresql-client-"
                    + serverMajor + " in the application's image, or set snapshot.pg-dump-path to a pg_dump "
                    + serverMajor + " or newer.");
        }
    }

    Path pgRestore() {
        return beside("pg_restore");
    }

    Path psql() {
        return beside("psql");
    }

    private Path beside(String program) {
        Path sibling = pgDump.resolveSibling(program);
        if (!Files.isExecutable(sibling)) {
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, program + " was not found beside " + pgDump
                    + ". Lockstep expects pg_dump, pg_restore and psql in one directory, as the PostgreSQL client"
                    + " package installs them; set snapshot.pg-dump-path to a pg_dump that has them beside it.");
        }
        return sibling;
    }

    private static String versionOf(Path pgDump) {
        try {
            Process process = new ProcessBuilder(pgDump.toString(), "--version").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return output;
        } catch (IOException e) {
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "Could not run " + pgDump + " --version: "
                    + e.getMessage() + ". Set snapshot.pg-dump-path to a working pg_dump.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "Interrupted while asking pg_dump its version.", e);
        }
    }

    /**
     * Debian's and Ubuntu's {@code /usr/bin/pg_dump} (and pg_restore, psql) is {@code pg_wrapper}, a Perl script that
     * picks an installed version and executes it: about 40 to 80 ms per call, three calls per snapshot. For a server
     * on another host it picks the newest client, which can dump every older server; so does this, directly from
     * {@code /usr/lib/postgresql/<newest>/bin}, where pg_restore and psql of the same version lie beside it. Any
     * other pg_dump is returned as it is.
     */
    static Path pastDebianWrapper(Path pgDump, Path versions) {
        try {
            if (!pgDump.toRealPath().getFileName().toString().equals("pg_wrapper") || !Files.isDirectory(versions)) {
                return pgDump;
            }
            try (Stream<Path> installed = Files.list(versions)) {
                return installed.filter(directory -> directory.getFileName().toString().matches("\\d{1,4}"))
                        .filter(directory -> Files.isExecutable(directory.resolve("bin").resolve(pgDump.getFileName())))
                        .max(Comparator.comparingInt(directory -> Integer.parseInt(directory.getFileName().toString())))
                        .map(directory -> directory.resolve("bin").resolve(pgDump.getFileName())).orElse(pgDump);
            }
        } catch (IOException | RuntimeException e) {
            return pgDump;
        }
    }

    private static @Nullable Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty()) {
                Path candidate = Path.of(directory, program);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
