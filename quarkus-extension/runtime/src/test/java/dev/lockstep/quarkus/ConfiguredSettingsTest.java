package dev.lockstep.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.LockstepSettings;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.WithDefault;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@code @WithDefault}s of {@code quarkus.lockstep.*} are the core's defaults, and every key of the configuration
 * contract is there.
 */
class ConfiguredSettingsTest {

    @Test
    void defaultsAreTheCoresDefaults() {
        LockstepSettings settings = ConfiguredSettings.settings("<default>", config(Map.of()));

        assertThat(settings).isEqualTo(LockstepSettings.defaults());
    }

    @Test
    void everyContractKeyIsMapped() {
        Map<String, String> everything = new HashMap<>();
        everything.put("lock.key", "42");
        everything.put("snapshot.pg-dump-path", "/usr/bin/pg_dump");

        assertThat(ConfiguredSettings.properties(config(everything)).keySet())
                .containsExactlyInAnyOrderElementsOf(LockstepSettings.keys());
    }

    @Test
    void valuesReachTheSettings() {
        LockstepSettings settings = ConfiguredSettings.settings("users",
                config(Map.of("lock.timeout", "2m", "lock.key", "42", "mode", "validate")));

        assertThat(settings.lockTimeout()).hasMinutes(2);
        assertThat(settings.lockKey()).isEqualTo(42L);
        assertThat(settings.mode()).isEqualTo(dev.lockstep.Mode.VALIDATE);
    }

    @Test
    void anInvalidValueNamesItsProperty() {
        assertThatThrownBy(() -> ConfiguredSettings.settings("<default>", config(Map.of("snapshot.keep", "0"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Invalid value for quarkus.lockstep.snapshot.keep: ")
                .hasMessageContaining("use 1 or more");
        assertThatThrownBy(() -> ConfiguredSettings.settings("my.db", config(Map.of("mode", "sometimes"))))
                .hasMessageStartingWith("Invalid value for quarkus.lockstep.\"my.db\".mode: ")
                .hasMessageContaining("use migrate, validate, wait or off");
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
     * The mapping as SmallRye would fill it: each method answers the given value for its contract key, else its
     * {@code @WithDefault}, else empty.
     */
    private static LockstepDataSourceRuntimeConfig config(Map<String, String> values) {
        return proxy(LockstepDataSourceRuntimeConfig.class, "", values);
    }

    private static <T> T proxy(Class<T> type, String prefix, Map<String, String> values) {
        Object instance = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            String key = prefix + kebab(method.getName());
            if (method.getReturnType().isInterface() && method.getReturnType() != Optional.class) {
                return proxy(method.getReturnType(), key + ".", values);
            }
            String value = values.containsKey(key) ? values.get(key) : defaultOf(method);
            return method.getReturnType() == Optional.class ? Optional.ofNullable(value) : value;
        });
        return type.cast(instance);
    }

    private static String defaultOf(Method method) {
        WithDefault annotation = method.getAnnotation(WithDefault.class);
        return annotation == null ? null : annotation.value();
    }

    private static String kebab(String name) {
        return name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
