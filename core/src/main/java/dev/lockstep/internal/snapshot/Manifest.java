package dev.lockstep.internal.snapshot;

import dev.lockstep.Snapshot;
import dev.lockstep.Views;
import dev.lockstep.internal.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot's manifest: the snapshot's view ({@link Views#snapshot}) as one flat JSON object. {@link #read} also
 * reads what earlier versions wrote (absent versions as {@code null}) and ignores fields it does not know, which a
 * newer Lockstep may add. A manifest is data, never a path: the archive it describes is {@code <id>.dump} in the
 * manifest's own directory, and a manifest that names another file, or an id that is not a plain snapshot name,
 * is refused.
 */
final class Manifest {
    /** What {@link SnapshotDirectory} names snapshots: lower case, no path separator. */
    private static final Pattern SNAPSHOT_ID = Pattern.compile("lockstep-[a-z0-9._-]+");

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
        if (!SNAPSHOT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("\"id\" is not a snapshot name");
        }
        String file = text(fields, "file");
        if (!file.equals(id + ".dump")) {
            throw new IllegalArgumentException("\"file\" is not the archive of snapshot " + id);
        }
        return new Snapshot(id, Instant.parse(text(fields, "createdAt")),
                Duration.ofMillis(number(fields, "durationMs")), text(fields, "database"), text(fields, "host"),
                text(fields, "serverVersion"), text(fields, "pgDumpVersion"), text(fields, "format"),
                text(fields, "compression"), optionalText(fields, "fromVersion"),
                optionalText(fields, "targetVersion"), optionalText(fields, "appVersion"),
                directory.resolve(file), number(fields, "sizeBytes"), text(fields, "sha256"),
                Math.toIntExact(number(fields, "tocEntries")), Boolean.TRUE.equals(fields.get("verified")));
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
        return (String) value;
    }

    private static long number(Map<String, Object> fields, String name) {
        if (!(fields.get(name) instanceof Long value)) {
            throw new IllegalArgumentException("\"" + name + "\" is not a whole number");
        }
        return value;
    }
}
