package dev.lockstep.internal.snapshot;

import dev.lockstep.Snapshot;
import dev.lockstep.Views;
import dev.lockstep.internal.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot's manifest: the snapshot's view ({@link Views#snapshot}) as one flat JSON object. {@link #read} also
 * reads what earlier versions wrote (absent versions as {@code null}) and ignores fields it does not know, which a
 * newer Lockstep may add. A manifest is data, never a path: the archive it describes is {@code <id>.dump} in the
 * manifest's own directory, and a manifest that names another file, or an id that is not a plain snapshot name,
 * is refused. So is one that is larger, or has longer text, than any Lockstep writes.
 */
final class Manifest {
    /** Far beyond any manifest Lockstep writes (about 1 KB); a larger file is not read. */
    static final int LARGEST = 64 * 1024;
    /** Far beyond any text field Lockstep writes (a host list, a version string). */
    private static final int LONGEST_TEXT = 4096;

    private Manifest() {}

    static String write(Snapshot snapshot) {
        return Json.write(Views.snapshot(snapshot)) + "\n";
    }

    /**
     * The snapshot a manifest describes; its archive is resolved against {@code directory}.
     *
     * @throws IllegalArgumentException when the text is not a manifest
     */
    static Snapshot read(String json, Path directory) {
        Map<String, Object> fields = Json.readObject(json);
        String id = text(fields, "id");
        if (!SnapshotName.isId(id)) {
            throw new IllegalArgumentException("\"id\" is not a snapshot name");
        }
        String file = text(fields, "file");
        if (!file.equals(id + ".dump")) {
            throw new IllegalArgumentException("\"file\" is not the archive of snapshot " + id);
        }
        return new Snapshot(id, instant(fields, "createdAt"),
                Duration.ofMillis(number(fields, "durationMs")), text(fields, "database"), text(fields, "host"),
                text(fields, "serverVersion"), text(fields, "pgDumpVersion"), text(fields, "format"),
                text(fields, "compression"), optionalText(fields, "fromVersion"),
                optionalText(fields, "targetVersion"), optionalText(fields, "appVersion"),
                directory.resolve(file), number(fields, "sizeBytes"), text(fields, "sha256"),
                (int) Math.min(Integer.MAX_VALUE, number(fields, "tocEntries")),
                Boolean.TRUE.equals(fields.get("verified")));
    }

    private static String text(Map<String, Object> fields, String name) {
        String value = optionalText(fields, name);
        if (value == null) {
            throw new IllegalArgumentException("missing \"" + name + "\"");
        }
        return value;
    }

    private static @Nullable String optionalText(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("\"" + name + "\" is not a string");
        }
        if (value != null && ((String) value).length() > LONGEST_TEXT) {
            throw new IllegalArgumentException("\"" + name + "\" is longer than " + LONGEST_TEXT + " characters");
        }
        return (String) value;
    }

    private static Instant instant(Map<String, Object> fields, String name) {
        try {
            return Instant.parse(text(fields, name));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("\"" + name + "\" is not a UTC time such as 2026-11-22T10:15:00Z");
        }
    }

    private static long number(Map<String, Object> fields, String name) {
        if (!(fields.get(name) instanceof Long value) || value < 0) {
            throw new IllegalArgumentException("\"" + name + "\" is not a whole number of 0 or more");
        }
        return value;
    }
}
