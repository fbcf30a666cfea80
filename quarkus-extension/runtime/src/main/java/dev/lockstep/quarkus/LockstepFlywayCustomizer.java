package dev.lockstep.quarkus;

import dev.lockstep.Lockstep;
import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.flyway.runtime.FlywayRuntimeConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.SmallRyeConfig;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Prepares the Flyway that quarkus-flyway builds for one datasource, before Flyway touches the database: its
 * PostgreSQL lock goes to session mode (a transaction-level lock deadlocks with {@code CREATE INDEX CONCURRENTLY}),
 * and startup stops when {@code quarkus.flyway.migrate-at-start} would migrate the datasource a second time, outside
 * Lockstep's lock.
 *
 * <p>quarkus-flyway creates its Flyway (and so calls this) before any of its start actions, so the check comes before
 * Flyway could migrate.
 */
final class LockstepFlywayCustomizer implements FlywayConfigurationCustomizer {
    private final String dataSourceName;
    private final boolean lockstepRuns;

    LockstepFlywayCustomizer(String dataSourceName, boolean lockstepRuns) {
        this.dataSourceName = dataSourceName;
        this.lockstepRuns = lockstepRuns;
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        if (lockstepRuns && flywayMigratesAtStart(dataSourceName)) {
            throw migratesTwice(dataSourceName);
        }
        Lockstep.useFlywaySessionLock(configuration);
    }

    /** Whether quarkus-flyway is configured to migrate this datasource itself at startup. */
    static boolean flywayMigratesAtStart(String dataSourceName) {
        var flyway = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(FlywayRuntimeConfig.class)
                .datasources().get(dataSourceName);
        return flyway != null && flyway.migrateAtStart().orElse(false);
    }

    static ConfigurationException migratesTwice(String dataSourceName) {
        String flywayProperty = flywayProperty(dataSourceName);
        return new ConfigurationException("Both Lockstep and Quarkus' Flyway extension are set to migrate datasource "
                + LockstepDataSources.describe(dataSourceName) + " at startup (" + flywayProperty + "=true). Lockstep"
                + " applies the migrations itself, under its lock and after a snapshot. To solve this, remove "
                + flywayProperty + " (or set it to false), or set " + ConfiguredSettings.propertyName(dataSourceName,
                "enabled") + "=false to let Flyway migrate without Lockstep.", Set.of(flywayProperty));
    }

    private static String flywayProperty(String dataSourceName) {
        return ConfiguredSettings.propertyName(dataSourceName, "migrate-at-start").replace("quarkus.lockstep",
                "quarkus.flyway");
    }
}
