package dev.lockstep.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.LockstepSettings;
import dev.lockstep.RuleLevel;
import dev.lockstep.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

/**
 * The starter reads every key of the core's catalogue and nothing else, and the IDE help it ships (every key, its
 * type, default and description) is the catalogue's: the file is compared with what the catalogue says.
 */
class LockstepPropertiesTest {
    private static final Path METADATA =
            Path.of("src/main/resources/META-INF/additional-spring-configuration-metadata.json");

    @Test
    void noPropertiesMakeTheCoresDefaults() {
        assertThat(SpringSettings.properties(new MockEnvironment())).isEmpty();
        assertThat(new LockstepProperties().getStartup()).isEqualTo(LockstepProperties.Startup.BLOCKING);
    }

    @Test
    void everyKeyIsReadAsTextInAnyRelaxedForm() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("lockstep.lock.timeout", "90s")
                .withProperty("lockstep.migration.lockTimeout", "2s")
                .withProperty("lockstep.snapshot.pg_dump_path", "/opt/pg/bin/pg_dump")
                .withProperty("lockstep.snapshot.keep", "9")
                .withProperty("lockstep.startup", "background")
                .withProperty("lockstep.lock.timout", "1m");

        assertThat(SpringSettings.properties(environment)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "lock.timeout", "90s", "migration.lock-timeout", "2s", "snapshot.pg-dump-path", "/opt/pg/bin/pg_dump",
                "snapshot.keep", "9"));
    }

    /** Both environment forms Spring Boot maps: dashes left out, or written as underscores like the core's names. */
    @Test
    void environmentVariablesReachTheirKeys() {
        MockEnvironment environment = new MockEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.<String, Object>of(
                        "LOCKSTEP_MIGRATION_LOCK_TIMEOUT", "2s", "LOCKSTEP_SNAPSHOT_PGDUMPPATH", "/opt/pg/bin/pg_dump",
                        "LOCKSTEP_LOCK_TIMEOUT", "5m")));

        assertThat(SpringSettings.properties(environment)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "migration.lock-timeout", "2s", "snapshot.pg-dump-path", "/opt/pg/bin/pg_dump", "lock.timeout", "5m"));
    }

    /** A rule's override is a key of its own, from properties, YAML or the environment. */
    @Test
    void ruleOverridesAreReadMemberByMember() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("lockstep.lint.rules.drop-column", "off")
                .withProperty("lockstep.lint.rules.lock-table", "error");
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.<String, Object>of("LOCKSTEP_LINT_RULES_VOLATILE_DEFAULT", "warn")));

        assertThat(LockstepSettings.builder().properties(SpringSettings.properties(environment)).build()
                .get(LockstepSettings.LINT_RULES)).isEqualTo(Map.of("drop-column", RuleLevel.OFF, "lock-table",
                RuleLevel.ERROR, "volatile-default", RuleLevel.WARN));
    }

    @Test
    void aBareNumberIsMillisecondsForADurationOnly() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("lockstep.lock.timeout", "90000")
                .withProperty("lockstep.migration.statement-timeout", "0")
                .withProperty("lockstep.snapshot.keep", "7");

        assertThat(SpringSettings.properties(environment)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "lock.timeout", "90000ms", "migration.statement-timeout", "0ms", "snapshot.keep", "7"));
        assertThat(LockstepSettings.builder().properties(SpringSettings.properties(environment)).build()
                .get(LockstepSettings.LOCK_TIMEOUT)).isEqualTo(Duration.ofSeconds(90));
    }

    /**
     * The shipped metadata is exactly what the catalogue says. When a setting is added or changed, this fails and
     * writes the file it expects to {@code target/}; copy it over the one in {@code src/main/resources/META-INF/}.
     */
    @Test
    void theShippedMetadataIsTheCatalogues() throws IOException {
        String expected = expectedMetadata();
        String shipped = Files.readString(METADATA);
        if (!shipped.equals(expected)) {
            Path wanted = Path.of("target/additional-spring-configuration-metadata.json");
            Files.writeString(wanted, expected);
            assertThat(shipped).as("%s is out of date with LockstepSettings; the expected file is in %s", METADATA,
                    wanted.toAbsolutePath()).isEqualTo(expected);
        }
    }

    /** The IDE completes every key: the configuration processor merged the metadata with its own. */
    @Test
    void everyKeyIsInTheMergedMetadata() throws IOException {
        String metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the configuration processor's metadata").isNotNull();
            metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("\\s+", "");
        }
        for (String key : LockstepSettings.keys()) {
            assertThat(metadata).as("metadata for lockstep." + key).contains("\"name\":\"lockstep." + key + "\"");
        }
        assertThat(metadata).contains("\"name\":\"lockstep.startup\"");
    }

    private static String expectedMetadata() {
        List<String> properties = new ArrayList<>();
        List<String> hints = new ArrayList<>();
        for (Setting<?> setting : LockstepSettings.all()) {
            properties.add(property(setting));
            if (!setting.members().isEmpty()) {
                hints.add(hint(setting.key() + ".keys", setting.members()));
                hints.add(hint(setting.key() + ".values", setting.choices()));
            } else if (!setting.choices().isEmpty()) {
                hints.add(hint(setting.key(), setting.choices()));
            }
        }
        properties.add("    {\n      \"name\": \"management.health.lockstep.enabled\",\n"
                + "      \"type\": \"java.lang.Boolean\",\n"
                + "      \"description\": \"Whether to enable the lockstep health indicator (also added to the readiness"
                + " group).\",\n      \"defaultValue\": true\n    }");
        return "{\n  \"properties\": [\n" + String.join(",\n", properties) + "\n  ],\n  \"hints\": [\n"
                + String.join(",\n", hints) + "\n  ]\n}\n";
    }

    private static <T> String property(Setting<T> setting) {
        boolean choice = !setting.choices().isEmpty();
        boolean map = !setting.members().isEmpty();
        String description = setting.doc() + " Values: " + setting.allowed() + "."
                + (setting.type() == Duration.class ? " A number without a unit is milliseconds." : "");
        T value = setting.defaultValue();
        String defaultValue = value == null || map ? ""
                : ",\n      \"defaultValue\": " + (value instanceof Boolean || value instanceof Number
                        ? setting.format(value) : quoted(setting.format(value)));
        String type = map ? "java.util.Map<java.lang.String,java.lang.String>"
                : (choice ? String.class : setting.type()).getName();
        return "    {\n      \"name\": \"lockstep." + setting.key() + "\",\n      \"type\": \""
                + type + "\",\n      \"description\": "
                + quoted(description) + defaultValue + "\n    }";
    }

    private static String hint(String name, List<String> choices) {
        List<String> values = choices.stream().map(value -> "        { \"value\": " + quoted(value) + " }").toList();
        return "    {\n      \"name\": \"lockstep." + name + "\",\n      \"values\": [\n"
                + String.join(",\n", values) + "\n      ]\n    }";
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
