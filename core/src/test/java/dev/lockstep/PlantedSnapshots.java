package dev.lockstep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * Files a test puts into a snapshot directory as if an earlier run, another service or an attacker had written
 * them: archives, manifests (any text), partial archives, with the modification time the test needs.
 */
final class PlantedSnapshots {
    final Path directory;

    PlantedSnapshots(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An id of {@code database} (a name of lower case letters, digits and {@code _}) with a distinguishing suffix. */
    static String id(String database, String suffix) {
        return "lockstep-" + database + "-20200101t000000z-v1-to-v2-" + suffix;
    }

    /** A sound-looking snapshot {@code age} old: a 7-byte archive and a manifest that describes it. */
    String snapshot(String id, String database, Duration age) {
        write(id + ".json", manifest(id, database, id + ".dump"), age);
        write(id + ".dump", "archive", age);
        return id;
    }

    /** A manifest as Lockstep writes one, for {@code id} of {@code database}, whose archive is {@code file}. */
    static String manifest(String id, String database, String file) {
        return """
                {"id": "%s", "createdAt": "2020-01-01T00:00:00Z", "durationMs": 10, "database": "%s",
                 "host": "localhost", "serverVersion": "15.0", "pgDumpVersion": "pg_dump (PostgreSQL) 15.0",
                 "format": "custom", "compression": "gzip:1", "fromVersion": "1", "targetVersion": "2",
                 "file": "%s", "sizeBytes": 7, "sha256": "00", "tocEntries": 1, "verified": true}
                """.formatted(json(id), json(database), json(file));
    }

    /** Writes {@code name} with {@code text}, last modified {@code age} ago. */
    Path write(String name, String text, Duration age) {
        try {
            Path file = directory.resolve(name);
            Files.writeString(file, text);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every name in the directory, sorted. */
    Set<String> names() {
        return new TreeSet<>(Arrays.asList(directory.toFile().list()));
    }

    private static String json(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            escaped.append(c < 0x20 || c == '"' || c == '\\' ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return escaped.toString();
    }
}
