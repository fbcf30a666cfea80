package dev.lockstep.quarkus;

import dev.lockstep.Lockstep;
import dev.lockstep.LockstepSettings;
import dev.lockstep.MigrationReport;
import dev.lockstep.Mode;
import io.quarkus.agroal.runtime.DataSourcesJdbcRuntimeConfig;
import io.quarkus.arc.Arc;
import io.quarkus.datasource.runtime.DataSourcesRuntimeConfig;
import io.quarkus.flyway.runtime.FlywayDataSourceRuntimeConfig;
import io.quarkus.flyway.runtime.FlywayRuntimeConfig;
import io.smallrye.config.SmallRyeConfig;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Lockstep's startup run for one datasource, on the Flyway quarkus-flyway configured for it; the instance is kept for
 * health and metrics ({@link LockstepDataSources}). Switched off ({@code enabled=false}, {@code mode=off}, or
 * {@code quarkus.flyway.active=false}), the run migrates nothing and reports {@code SKIPPED}; the instance still
 * answers status probes.
 */
final class StartupRun {
    private static final Logger LOG = Logger.getLogger(StartupRun.class);

    private final String dataSourceName;
    private final LockstepSettings settings;
    private final boolean withMetrics;

    /** @param withMetrics whether quarkus-micrometer is present */
    StartupRun(String dataSourceName, LockstepSettings settings, boolean withMetrics) {
        this.dataSourceName = dataSourceName;
        this.settings = settings;
        this.withMetrics = withMetrics;
    }

    /** Whether the run migrates (or validates, or waits): Lockstep is on, and so is Flyway's startup. */
    boolean acts() {
        return settings.get(LockstepSettings.ENABLED) && settings.get(LockstepSettings.MODE) != Mode.OFF
                && FlywayStartActions.active(dataSourceName);
    }

    void run(Flyway flyway) {
        Lockstep.Builder builder = Lockstep.configure(flyway).settings(settings);
        if (!FlywayStartActions.active(dataSourceName)) {
            builder.set(LockstepSettings.ENABLED, false);
        }
        connectionDetails(builder);
        appVersion().ifPresent(builder::appVersion);
        Lockstep lockstep = builder.build();
        Arc.container().instance(LockstepDataSources.class).get().register(dataSourceName, lockstep);

        MigrationReport report = lockstep.migrate();
        LOG.debugf("Lockstep: datasource %s: %s", LockstepDataSources.describe(dataSourceName), report.summary());
        if (withMetrics) {
            // Quarkus creates its meter registries after the startup run: the meters record it from its report.
            MicrometerBinding.add(dataSourceName, lockstep, report);
        }
    }

    /**
     * Agroal does not hand out the credentials: Lockstep gets them from the configuration, so that its lock
     * connection and pg_dump can log in. Flyway's own connection settings, when given, are the ones Flyway uses.
     */
    private void connectionDetails(Lockstep.Builder builder) {
        SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        FlywayDataSourceRuntimeConfig flyway = config.getConfigMapping(FlywayRuntimeConfig.class).datasources()
                .get(dataSourceName);
        if (flyway != null && flyway.jdbcUrl().isPresent()) {
            builder.connectionDetails(flyway.jdbcUrl().get(), flyway.username().orElse(null),
                    flyway.password().orElse(null));
            return;
        }
        var jdbc = config.getConfigMapping(DataSourcesJdbcRuntimeConfig.class).dataSources().get(dataSourceName);
        Optional<String> url = jdbc == null ? Optional.empty() : jdbc.jdbc().url();
        if (url.isEmpty()) {
            return;
        }
        var dataSource = config.getConfigMapping(DataSourcesRuntimeConfig.class).dataSources().get(dataSourceName);
        if (dataSource != null && dataSource.credentialsProvider().isPresent()) {
            // The credentials live in the provider, not in the configuration: without them, Lockstep borrows its
            // lock connection from the pool, and snapshots fail with a message that says how to give them.
            LOG.debugf("Lockstep: datasource %s takes its credentials from a credentials provider",
                    LockstepDataSources.describe(dataSourceName));
            return;
        }
        builder.connectionDetails(url.get(), dataSource == null ? null : dataSource.username().orElse(null),
                dataSource == null ? null : dataSource.password().orElse(null));
    }

    private static Optional<String> appVersion() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class);
    }
}
