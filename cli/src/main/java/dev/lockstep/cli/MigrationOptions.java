package dev.lockstep.cli;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where the migrations are and how Flyway reads them: {@code --locations} in Flyway's syntax, or {@code --jar}, the
 * application's own artifact; Flyway's settings from {@code --flyway key=value} and a {@code --flyway-config} file.
 */
final class MigrationOptions {
    private static final Set<String> CONNECTION_KEYS = Set.of("flyway.url", "flyway.user", "flyway.password",
            "flyway.driver");
    private static final String PLUGIN_PREFIX = "flyway.postgresql.";

    @Option(names = "--locations", paramLabel = "<location>", split = ",", order = 10,
            description = "Where the migrations are, in Flyway's syntax: filesystem:db/migration, classpath:db/migration"
                    + " (with --jar: inside the application). Several are separated by commas.")
    @Nullable List<String> locations;

    @Option(names = "--jar", paramLabel = "<application>", order = 11,
            description = "Read the migrations from the application's own artifact, as it would: a plain jar, a"
                    + " Spring Boot executable jar (BOOT-INF/classes and BOOT-INF/lib), or a Quarkus fast-jar"
                    + " (the quarkus-app directory or its quarkus-run.jar). Default location: classpath:db/migration.")
    @Nullable Path jar;

    @Option(names = "--flyway", paramLabel = "<key=value>", order = 12,
            description = "A Flyway setting by Flyway's own key: flyway.schemas=shop, flyway.table=schema_history,"
                    + " flyway.placeholders.owner=app (the flyway. prefix may be left out). Repeatable.")
    Map<String, String> flyway = new LinkedHashMap<>();

    @Option(names = "--flyway-config", paramLabel = "<flyway.conf>", order = 13,
            description = "A Flyway configuration file in Flyway's flyway.conf format (key=value lines); --flyway"
                    + " settings override it.")
    @Nullable Path flywayConfig;

    /** Whether anything says where the migrations are. */
    boolean givesMigrations() {
        return locations != null || jar != null || flywaySettings(ignored -> {}).containsKey("flyway.locations");
    }

    /**
     * Flyway's settings from the file and the flags, by Flyway's keys. The connection is the CLI's own: a file's
     * {@code flyway.url}, {@code user} and {@code password} are ignored with a warning, and refused as flags.
     */
    Map<String, String> flywaySettings(Consumer<String> warn) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (flywayConfig != null) {
            readConfig(flywayConfig).forEach((key, value) -> {
                if (CONNECTION_KEYS.contains(key)) {
                    warn.accept(flywayConfig + ": " + key + " is ignored; the CLI connects with --url, --user and"
                            + " its password sources (see lockstep --help)");
                } else {
                    settings.put(key, value);
                }
            });
        }
        flyway.forEach((key, value) -> {
            String flywayKey = key.startsWith("flyway.") ? key : "flyway." + key;
            if (CONNECTION_KEYS.contains(flywayKey)) {
                throw usage("--flyway " + flywayKey + " is not accepted: the CLI connects with --url and --user, and"
                        + " never takes a password on the command line (use LOCKSTEP_PASSWORD, --password-file,"
                        + " PGPASSWORD or ~/.pgpass).");
            }
            settings.put(flywayKey, value);
        });
        settings.keySet().stream().filter(key -> key.startsWith(PLUGIN_PREFIX)).findFirst().ifPresent(key -> {
            throw usage(key + " is not accepted: Flyway's PostgreSQL settings cannot be passed through Flyway's"
                    + " configuration map without jackson-databind, which the CLI does not ship. The one there is,"
                    + " flyway.postgresql.transactional.lock, Lockstep sets itself (false: a session lock).");
        });
        return settings;
    }

    private static Map<String, String> readConfig(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".toml")) {
            throw usage("--flyway-config " + file + ": Flyway's Java API reads the flyway.conf format (key=value lines)"
                    + " only; TOML is read by Flyway's own command line. Write the settings as flyway.conf lines"
                    + " (flyway.schemas=shop) or pass them with --flyway.");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw usage("Cannot read --flyway-config " + file + ": " + e.getClass().getSimpleName() + " "
                    + e.getMessage() + ".");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted()
                .forEach(key -> settings.put(key.strip(), properties.getProperty(key).strip()));
        return settings;
    }

    private static LockstepException usage(String message) {
        return new LockstepException(ErrorCode.INVALID_CONFIGURATION, message);
    }
}
