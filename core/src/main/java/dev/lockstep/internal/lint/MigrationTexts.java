package dev.lockstep.internal.lint;

import dev.lockstep.internal.status.ResolvedMigration;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.configuration.Configuration;
import org.jspecify.annotations.Nullable;

/**
 * Reads the text of SQL migrations through Flyway's public configuration: the script's path relative to one of the
 * {@code classpath:} or {@code filesystem:} locations, the encoding, the placeholders (replaced as Flyway replaces
 * them), and the script's {@code .conf} file for its own {@code executeInTransaction}.
 */
public final class MigrationTexts {
    private final Configuration configuration;
    private final @Nullable String defaultSchema;

    public MigrationTexts(Configuration configuration, @Nullable String defaultSchema) {
        this.configuration = configuration;
        this.defaultSchema = defaultSchema;
    }

    public LintInput read(ResolvedMigration migration) {
        String version = migration.version() == null ? null : migration.version().getVersion();
        if (!"SQL".equals(migration.type())) {
            return new LintInput(version, migration.description(), migration.script(), migration.type(), null, null,
                    null);
        }
        for (Location location : configuration.getLocations()) {
            try {
                String text = text(location, migration.script());
                if (text != null) {
                    String conf = text(location, migration.script() + ".conf");
                    return new LintInput(version, migration.description(), migration.script(), migration.type(),
                            placeholders(text, migration.script()), null, executeInTransaction(conf));
                }
            } catch (IOException e) {
                return unreadable(migration, version, "cannot read " + migration.script() + " from "
                        + location.getDescriptor() + ": " + e.getMessage());
            }
        }
        return unreadable(migration, version, migration.script() + " was not found in a classpath: or filesystem:"
                + " location, so the lint could not read it (other locations are not read); a traced plan runs it");
    }

    private static LintInput unreadable(ResolvedMigration migration, @Nullable String version, String why) {
        return new LintInput(version, migration.description(), migration.script(), migration.type(), null, why, null);
    }

    private @Nullable String text(Location location, String script) throws IOException {
        Charset encoding = configuration.getEncoding();
        String root = location.getRootPath();
        if (location.isFileSystem()) {
            Path file = Path.of(root).resolve(script);
            return Files.isRegularFile(file) ? Files.readString(file, encoding) : null;
        }
        if (location.isClassPath()) {
            ClassLoader loader = configuration.getClassLoader() != null ? configuration.getClassLoader()
                    : Thread.currentThread().getContextClassLoader();
            URL resource = loader.getResource(root.isEmpty() ? script : root + "/" + script);
            if (resource == null) {
                return null;
            }
            try (InputStream in = resource.openStream()) {
                return new String(in.readAllBytes(), encoding);
            }
        }
        return null;
    }

    /** Flyway's {@code ${name}} placeholders, and the built-in ones that tell where the migration runs. */
    private String placeholders(String text, String script) {
        if (!configuration.isPlaceholderReplacement()) {
            return text;
        }
        String prefix = configuration.getPlaceholderPrefix();
        String suffix = configuration.getPlaceholderSuffix();
        String replaced = text;
        for (Map.Entry<String, String> placeholder : configuration.getPlaceholders().entrySet()) {
            replaced = replaced.replace(prefix + placeholder.getKey() + suffix, placeholder.getValue());
        }
        String schema = defaultSchema != null ? defaultSchema : "public";
        return replaced.replace(prefix + "flyway:defaultSchema" + suffix, schema)
                .replace(prefix + "flyway:table" + suffix, configuration.getTable())
                .replace(prefix + "flyway:filename" + suffix, Path.of(script).getFileName().toString());
    }

    private static @Nullable Boolean executeInTransaction(@Nullable String conf) throws IOException {
        if (conf == null) {
            return null;
        }
        Properties properties = new Properties();
        properties.load(new StringReader(conf));
        String value = properties.getProperty("executeInTransaction");
        return value == null ? null : Boolean.parseBoolean(value.trim());
    }
}
