package dev.lockstep.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.LintPolicy;
import dev.lockstep.LockstepSettings;
import dev.lockstep.Mode;
import dev.lockstep.RuleLevel;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code quarkus.lockstep.*} maps every key of the core's catalogue, and nothing else, and leaves every default to the
 * core.
 */
class ConfiguredSettingsTest {

    /** A map setting's members are keys of their own: {@code lint.rules.drop-column}. */
    @Test
    void everyKeyOfTheCatalogueIsMappedAndNothingElse() {
        Map<String, String> everything = LockstepSettings.all().stream()
                .map(setting -> setting.members().isEmpty() ? setting.key() : setting.memberKey(setting.members().get(0)))
                .collect(Collectors.toMap(Function.identity(), key -> "value of " + key));

        assertThat(ConfiguredSettings.properties(config(everything))).isEqualTo(everything);
    }

    @Test
    void ruleOverridesReachTheSettings() {
        LockstepSettings settings = ConfiguredSettings.settings("<default>",
                config(Map.of("lint.rules.drop-column", "off", "lint.rules.lock-table", "error", "lint.policy", "fail")));

        assertThat(settings.get(LockstepSettings.LINT_RULES)).isEqualTo(Map.of("drop-column", RuleLevel.OFF,
                "lock-table", RuleLevel.ERROR));
        assertThat(settings.get(LockstepSettings.LINT_POLICY)).isEqualTo(LintPolicy.FAIL);
        assertThatThrownBy(() -> ConfiguredSettings.settings("users", config(Map.of("lint.rules.drop-colum", "off"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid value for quarkus.lockstep.users.lint.rules.drop-colum: Invalid Lockstep"
                        + " setting lint.rules.drop-colum=off: there is no rule-id 'drop-colum'; did you mean drop-column?");
    }

    @Test
    void theDefaultsAreTheCoresAlone() {
        assertThat(ConfiguredSettings.properties(config(Map.of()))).isEmpty();
        assertThat(ConfiguredSettings.settings("<default>", config(Map.of()))).isEqualTo(LockstepSettings.defaults());
        for (Method method : LockstepDataSourceRuntimeConfig.class.getMethods()) {
            assertThat(method.getAnnotation(WithDefault.class)).as("a default of its own on " + method).isNull();
            assertThat(method.getAnnotation(WithName.class)).as("a name of its own on " + method).isNull();
        }
    }

    @Test
    void valuesReachTheSettings() {
        LockstepSettings settings = ConfiguredSettings.settings("users",
                config(Map.of("lock.timeout", "2m", "lock.key", "42", "mode", "validate")));

        assertThat(settings.get(LockstepSettings.LOCK_TIMEOUT)).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.get(LockstepSettings.LOCK_KEY)).isEqualTo(42L);
        assertThat(settings.get(LockstepSettings.MODE)).isEqualTo(Mode.VALIDATE);
    }

    @Test
    void anInvalidValueNamesItsProperty() {
        assertThatThrownBy(() -> ConfiguredSettings.settings("<default>", config(Map.of("snapshot.keep", "0"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("Invalid value for quarkus.lockstep.snapshot.keep: Invalid Lockstep setting snapshot.keep=0:"
                        + " use a whole number from 1 to 2147483647.");
        assertThatThrownBy(() -> ConfiguredSettings.settings("my.db", config(Map.of("mode", "sometimes"))))
                .hasMessage("Invalid value for quarkus.lockstep.\"my.db\".mode: Invalid Lockstep setting mode=sometimes:"
                        + " use migrate, validate, wait or off.");
        assertThatThrownBy(() -> ConfiguredSettings.settings("users",
                config(Map.of("migration.lock-timeout", "PT0.0005S"))))
                .hasMessageStartingWith("Invalid value for quarkus.lockstep.users.migration.lock-timeout: Invalid"
                        + " Lockstep setting migration.lock-timeout=PT0.0005S: use a duration from 1ms to 2147483647ms");
    }

    @Test
    void aConflictBetweenTwoValuesNamesOneOfThemAndTheFix() {
        assertThatThrownBy(() -> ConfiguredSettings.settings("users",
                config(Map.of("on-failure", "restore", "snapshot.enabled", "false"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid value for quarkus.lockstep.users.on-failure: ")
                .hasMessageContaining("set snapshot.enabled=true or on-failure=fail");
    }

    /**
     * The mapping as SmallRye fills it: each method answers the value given for its property (named in SmallRye's
     * kebab case, written here independently of {@link ConfiguredSettings}), else empty.
     */
    private static LockstepDataSourceRuntimeConfig config(Map<String, String> values) {
        return proxy(LockstepDataSourceRuntimeConfig.class, "", values);
    }

    private static <T> T proxy(Class<T> type, String prefix, Map<String, String> values) {
        Object instance = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            String key = prefix + String.join("-", method.getName().split("(?=[A-Z])")).toLowerCase(Locale.ROOT);
            if (method.getReturnType() == Optional.class) {
                return Optional.ofNullable(values.get(key));
            }
            if (method.getReturnType() == Map.class) {
                return values.entrySet().stream().filter(entry -> entry.getKey().startsWith(key + "."))
                        .collect(Collectors.toMap(entry -> entry.getKey().substring(key.length() + 1),
                                Map.Entry::getValue));
            }
            return proxy(method.getReturnType(), key + ".", values);
        });
        return type.cast(instance);
    }
}
