package dev.lockstep.internal.snapshot;

import dev.lockstep.Snapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot's manifest as JSON: one flat object of strings, numbers, booleans and nulls. The core keeps its
 * dependencies to Flyway, pgjdbc and SLF4J, and this one format is all it reads and writes, so a small codec
 * here replaces a JSON library. {@link #read} accepts exactly what {@link #write} produces, plus whitespace and
 * fields it does not know (a newer Lockstep may add some).
 */
final class Manifest {
    private Manifest() {}

    static String write(Snapshot snapshot) {
        Map<String, @Nullable Object> fields = new LinkedHashMap<>();
        fields.put("id", snapshot.id());
        fields.put("createdAt", snapshot.createdAt().toString());
        fields.put("durationMs", snapshot.duration().toMillis());
        fields.put("database", snapshot.database());
        fields.put("host", snapshot.host());
        fields.put("serverVersion", snapshot.serverVersion());
        fields.put("pgDumpVersion", snapshot.pgDumpVersion());
        fields.put("format", snapshot.format());
        fields.put("compression", snapshot.compression());
        fields.put("fromVersion", snapshot.fromVersion());
        fields.put("targetVersion", snapshot.targetVersion());
        fields.put("appVersion", snapshot.appVersion());
        fields.put("file", snapshot.file().getFileName().toString());
        fields.put("sizeBytes", snapshot.sizeBytes());
        fields.put("sha256", snapshot.sha256());
        fields.put("tocEntries", snapshot.tocEntries());
        fields.put("verified", snapshot.verified());
        StringBuilder json = new StringBuilder("{\n");
        fields.forEach((name, value) -> json.append("  ").append(quote(name)).append(": ")
                .append(value == null ? "null" : value instanceof String text ? quote(text) : value).append(",\n"));
        json.setLength(json.length() - 2);
        return json.append("\n}\n").toString();
    }

    /** The snapshot a manifest describes; its archive is resolved against {@code directory}. */
    static Snapshot read(String json, Path directory) {
        Map<String, @Nullable Object> fields = new Parser(json).object();
        return new Snapshot(text(fields, "id"), Instant.parse(text(fields, "createdAt")),
                Duration.ofMillis(number(fields, "durationMs")), text(fields, "database"), text(fields, "host"),
                text(fields, "serverVersion"), text(fields, "pgDumpVersion"), text(fields, "format"),
                text(fields, "compression"), optionalText(fields, "fromVersion"),
                optionalText(fields, "targetVersion"), optionalText(fields, "appVersion"),
                directory.resolve(text(fields, "file")), number(fields, "sizeBytes"), text(fields, "sha256"),
                (int) number(fields, "tocEntries"), Boolean.TRUE.equals(fields.get("verified")));
    }

    private static String text(Map<String, @Nullable Object> fields, String name) {
        String value = optionalText(fields, name);
        if (value == null) {
            throw new IllegalArgumentException("missing \"" + name + "\"");
        }
        return value;
    }

    private static @Nullable String optionalText(Map<String, @Nullable Object> fields, String name) {
        Object value = fields.get(name);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("\"" + name + "\" is not a string");
        }
        return (String) value;
    }

    private static long number(Map<String, @Nullable Object> fields, String name) {
        if (!(fields.get(name) instanceof Long value)) {
            throw new IllegalArgumentException("\"" + name + "\" is not a whole number");
        }
        return value;
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Reads one flat JSON object; nested objects and arrays are refused. */
    private static final class Parser {
        private final String json;
        private int at;

        Parser(String json) {
            this.json = json;
        }

        Map<String, @Nullable Object> object() {
            Map<String, @Nullable Object> fields = new LinkedHashMap<>();
            expect('{');
            if (peek() == '}') {
                at++;
                return end(fields);
            }
            do {
                String name = string();
                expect(':');
                fields.put(name, value());
            } while (consume(','));
            expect('}');
            return end(fields);
        }

        private Map<String, @Nullable Object> end(Map<String, @Nullable Object> fields) {
            if (peek() != 0) {
                throw new IllegalArgumentException("text after the object at " + at);
            }
            return fields;
        }

        private @Nullable Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            int start = at;
            while (at < json.length() && ",}".indexOf(json.charAt(at)) < 0 && !Character.isWhitespace(json.charAt(at))) {
                at++;
            }
            String token = json.substring(start, at);
            return switch (token) {
                case "null" -> null;
                case "true" -> true;
                case "false" -> false;
                default -> {
                    try {
                        yield Long.parseLong(token);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("unexpected value '" + token + "' at " + start);
                    }
                }
            };
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (at >= json.length()) {
                    throw new IllegalArgumentException("unterminated string");
                }
                char c = json.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = json.charAt(at++);
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(json.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> out.append(escaped);
                }
            }
        }

        private char peek() {
            while (at < json.length() && Character.isWhitespace(json.charAt(at))) {
                at++;
            }
            return at < json.length() ? json.charAt(at) : 0;
        }

        private boolean consume(char c) {
            if (peek() == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!consume(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at " + at);
            }
        }
    }
}
