package dev.lockstep.benchmarks.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The migration sets the benchmarks apply, written into a temporary directory and used through Flyway
 * {@code filesystem:} locations, so that every tool reads the same files in the same way. Hand-written sets are SQL
 * files under {@code src/main/resources/migrations/}; the large sets are generated here.
 */
public final class MigrationSets {
    private final Path root;

    public MigrationSets(Path root) {
        this.root = root;
    }

    /** One of the sets under {@code migrations/} on the class path, as it is. */
    public MigrationSet resource(String name) {
        Path dir = directory(name);
        List<Script> scripts = scripts(name);
        scripts.forEach(script -> write(dir, script.file(), script.sql()));
        return new MigrationSet(name + " " + scripts.size(), dir, scripts.size());
    }

    /**
     * About 60 migrations shaped like a real service's history: tables with keys, foreign keys and checks, indexes
     * (partial, expression, GIN), reference data, backfills, a trigger function, views, a materialized view.
     */
    public MigrationSet realWorld() {
        return resource("real-world");
    }

    /**
     * {@code count} migrations made of the real-world set applied again and again, each copy in a schema of its own
     * ({@code rw_1}, {@code rw_2}, ...; every script sets its transaction's search_path there): the size of a
     * long-lived service's history, with the real-world set's mix of statements.
     */
    public MigrationSet realWorldCopies(int count) {
        Path dir = directory("real-world-copies-" + count);
        List<Script> scripts = scripts("real-world");
        for (int i = 0; i < count; i++) {
            int copy = i / scripts.size() + 1;
            Script script = scripts.get(i % scripts.size());
            String schema = i % scripts.size() == 0 ? "CREATE SCHEMA rw_" + copy + ";\n" : "";
            String description = script.file().substring(script.file().indexOf("__") + 2, script.file().length() - 4);
            write(dir, String.format(Locale.ROOT, "V%04d__%s_%d.sql", i + 1, description, copy),
                    schema + "SET LOCAL search_path TO rw_" + copy + ";\n" + script.sql());
        }
        return new MigrationSet("real-world ×" + count, dir, count);
    }

    /** {@code count} generated migrations: V1 creates a table, every later one inserts a row into it. */
    public MigrationSet generated(int count) {
        Path dir = directory("generated-" + count);
        write(dir, "V0001__create_generated_log.sql",
                "CREATE TABLE generated_log (n integer PRIMARY KEY, noted_at timestamptz NOT NULL DEFAULT now());\n");
        for (int n = 2; n <= count; n++) {
            write(dir, String.format(Locale.ROOT, "V%04d__generated_step_%d.sql", n, n),
                    "INSERT INTO generated_log (n) VALUES (" + n + ");\n");
        }
        return new MigrationSet(count + " generated", dir, count);
    }

    /** A text file from the class path, such as {@code sql/snapshot-data.sql}. */
    public static String text(String resource) {
        try (InputStream in = MigrationSets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private record Script(String file, String sql) {}

    /** The .sql files under {@code migrations/<name>/} on the class path, by name; from a directory or a jar. */
    private static List<Script> scripts(String name) {
        String folder = "migrations/" + name;
        URL url = MigrationSets.class.getClassLoader().getResource(folder);
        if (url == null) {
            throw new IllegalStateException("no " + folder + " on the class path");
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return read(jar.provider().getPath(uri));
                }
            }
            return read(Path.of(uri));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot read " + folder + " from " + url, e);
        }
    }

    private static List<Script> read(Path folder) throws IOException {
        List<Script> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".sql")).sorted().toList()) {
                scripts.add(new Script(file.getFileName().toString(), Files.readString(file)));
            }
        }
        return scripts;
    }

    private Path directory(String name) {
        try {
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path dir, String file, String sql) {
        try {
            Files.writeString(dir.resolve(file), sql, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
