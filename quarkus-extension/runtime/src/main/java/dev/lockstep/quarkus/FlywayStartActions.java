package dev.lockstep.quarkus;

import io.quarkus.flyway.runtime.FlywayDataSourceRuntimeConfig;
import io.quarkus.flyway.runtime.FlywayRuntimeConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.SmallRyeConfig;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jspecify.annotations.Nullable;

/**
 * What quarkus-flyway is configured to do at startup for one datasource ({@code quarkus.flyway[."name"].*}), as far as
 * Lockstep cares: whether Flyway's startup is active at all, and whether it would wipe the database.
 */
final class FlywayStartActions {
    private FlywayStartActions() {}

    /**
     * {@code quarkus.flyway.active=false} switches off Flyway's start actions for a datasource (quarkus-flyway's
     * generated Kubernetes init task sets it on the application, whose Job migrates instead); Lockstep, which takes
     * those actions over, does not run either.
     */
    static boolean active(String dataSourceName) {
        FlywayDataSourceRuntimeConfig flyway = config(dataSourceName);
        return flyway == null || flyway.active().orElse(true);
    }

    /**
     * Refuses the start actions that drop every object in the datasource's schemas: {@code clean-at-start}, and
     * {@code clean-on-validation-error} with {@code validate-at-start}. Lockstep snapshots a database before changing
     * it and never wipes it at startup.
     *
     * @throws ConfigurationException naming the property to remove
     */
    static void refuseClean(String dataSourceName) {
        FlywayDataSourceRuntimeConfig flyway = config(dataSourceName);
        if (flyway == null) {
            return;
        }
        if (flyway.cleanAtStart().orElse(false)) {
            throw wipes(dataSourceName, "clean-at-start", "at every start");
        }
        if (flyway.validateAtStart() && flyway.cleanOnValidationError()) {
            throw wipes(dataSourceName, "clean-on-validation-error", "whenever validation fails");
        }
    }

    /** The property {@code quarkus.flyway.<key>} of a datasource, its name quoted as in the Lockstep properties. */
    static String property(String dataSourceName, String key) {
        return ConfiguredSettings.propertyName(dataSourceName, key)
                .replaceFirst("^quarkus\\.lockstep", "quarkus.flyway");
    }

    private static ConfigurationException wipes(String dataSourceName, String key, String when) {
        String property = property(dataSourceName, key);
        return new ConfigurationException(property + "=true would have Flyway drop every object in the schemas of"
                + " datasource " + LockstepDataSources.describe(dataSourceName) + " " + when + ", and Lockstep, which"
                + " migrates that datasource, does not wipe a database it snapshots. Startup stops before anything is"
                + " changed. To solve this, remove " + property + " (or set it to false); to start from an empty"
                + " database, drop and create it before starting; or set " + ConfiguredSettings.propertyName(
                dataSourceName, "enabled") + "=false to let Flyway clean and migrate without Lockstep.",
                Set.of(property));
    }

    private static @Nullable FlywayDataSourceRuntimeConfig config(String dataSourceName) {
        return ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigMapping(FlywayRuntimeConfig.class)
                .datasources().get(dataSourceName);
    }
}
