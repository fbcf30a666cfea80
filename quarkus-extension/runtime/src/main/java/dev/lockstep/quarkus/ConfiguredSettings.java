package dev.lockstep.quarkus;

import dev.lockstep.InvalidSettingException;
import dev.lockstep.LockstepSettings;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Turns one datasource's {@code quarkus.lockstep.*} values into the core's settings, naming the property of a bad value. */
final class ConfiguredSettings {
    private ConfiguredSettings() {}

    /** The values by their contract names ({@code lock.timeout}), as the core parses them. */
    static Map<String, String> properties(LockstepDataSourceRuntimeConfig config) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("enabled", config.enabled());
        values.put("mode", config.mode());
        values.put("connect-timeout", config.connectTimeout());
        values.put("lock.timeout", config.lock().timeout());
        config.lock().key().ifPresent(key -> values.put("lock.key", key));
        values.put("migration.lock-timeout", config.migration().lockTimeout());
        values.put("migration.statement-timeout", config.migration().statementTimeout());
        values.put("migration.lock-retry-budget", config.migration().lockRetryBudget());
        values.put("snapshot.enabled", config.snapshot().enabled());
        values.put("snapshot.directory", config.snapshot().directory());
        values.put("snapshot.required", config.snapshot().required());
        values.put("snapshot.keep", config.snapshot().keep());
        values.put("snapshot.max-age", config.snapshot().maxAge());
        values.put("snapshot.timeout", config.snapshot().timeout());
        config.snapshot().pgDumpPath().ifPresent(path -> values.put("snapshot.pg-dump-path", path));
        values.put("snapshot.verify", config.snapshot().verify());
        values.put("on-failure", config.onFailure());
        values.put("health.ahead-of-app", config.health().aheadOfApp());
        return values;
    }

    /**
     * The validated settings of one datasource.
     *
     * @throws ConfigurationException naming the {@code quarkus.lockstep} property whose value is invalid
     */
    static LockstepSettings settings(String dataSourceName, LockstepDataSourceRuntimeConfig config) {
        try {
            return LockstepSettings.builder().set(properties(config)).build();
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
