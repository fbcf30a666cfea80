package dev.lockstep.quarkus;

import dev.lockstep.InvalidSettingException;
import dev.lockstep.LockstepSettings;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Turns one datasource's {@code quarkus.lockstep.*} values into the core's settings, naming the property of a bad value. */
final class ConfiguredSettings {
    private ConfiguredSettings() {}

    /**
     * The values that are set, by key ({@code lock.timeout}): the mapping's methods named as SmallRye names their
     * properties, a nested group adding a dotted segment ({@code lock().timeout()} is {@code lock.timeout}).
     */
    static Map<String, String> properties(LockstepDataSourceRuntimeConfig config) {
        Map<String, String> values = new TreeMap<>();
        collect(config, LockstepDataSourceRuntimeConfig.class, "", values);
        return values;
    }

    private static void collect(Object group, Class<?> type, String prefix, Map<String, String> values) {
        for (Method method : type.getMethods()) {
            String key = prefix + kebabCase(method.getName());
            Object value = valueOf(method, group);
            if (value instanceof Optional<?> optional) {
                optional.ifPresent(text -> values.put(key, (String) text));
            } else if (value instanceof Map<?, ?> members) {
                members.forEach((member, text) -> values.put(key + "." + member, (String) text));
            } else {
                collect(value, method.getReturnType(), key + ".", values);
            }
        }
    }

    private static Object valueOf(Method method, Object group) {
        try {
            return method.invoke(group);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read " + method + " of the quarkus.lockstep mapping", e);
        }
    }

    /** {@code lockRetryBudget} -> {@code lock-retry-budget}, SmallRye's default naming of a mapping's methods. */
    static String kebabCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /**
     * The validated settings of one datasource.
     *
     * @throws ConfigurationException naming the {@code quarkus.lockstep} property whose value is invalid
     */
    static LockstepSettings settings(String dataSourceName, LockstepDataSourceRuntimeConfig config) {
        try {
            return LockstepSettings.builder().properties(properties(config)).build();
        } catch (InvalidSettingException e) {
            String property = propertyName(dataSourceName, e.key());
            throw new ConfigurationException("Invalid value for " + property + ": " + e.getMessage(), Set.of(property));
        }
    }

    /**
     * {@code quarkus.lockstep.lock.timeout}; {@code quarkus.lockstep.users.lock.timeout} for a named datasource, its
     * name in quotes when it holds more than letters, digits, dashes and underscores.
     */
    static String propertyName(String dataSourceName, String key) {
        if (DataSourceUtil.isDefault(dataSourceName)) {
            return "quarkus.lockstep." + key;
        }
        String name = dataSourceName.matches("[A-Za-z0-9_-]+") ? dataSourceName : "\"" + dataSourceName + "\"";
        return "quarkus.lockstep." + name + "." + key;
    }
}
