package dev.lockstep.quarkus;

import dev.lockstep.Lockstep;
import dev.lockstep.LockstepSettings;
import dev.lockstep.MigrationReport;
import dev.lockstep.Mode;
import io.quarkus.agroal.runtime.DataSourcesJdbcRuntimeConfig;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.arc.SyntheticCreationalContext;
import io.quarkus.datasource.runtime.DataSourcesRuntimeConfig;
import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.flyway.runtime.FlywayContainer;
import io.quarkus.flyway.runtime.FlywayContainerUtil;
import io.quarkus.flyway.runtime.FlywayDataSourceRuntimeConfig;
import io.quarkus.flyway.runtime.FlywayRuntimeConfig;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;
import io.smallrye.config.SmallRyeConfig;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/** Runs Lockstep for each datasource while the application starts, before Hibernate ORM. */
@Recorder
public class LockstepRecorder {
    private static final Logger LOG = Logger.getLogger(LockstepRecorder.class);

    private final RuntimeValue<LockstepRuntimeConfig> config;

    public LockstepRecorder(RuntimeValue<LockstepRuntimeConfig> config) {
        this.config = config;
    }

    /** Creates the Flyway customizer of one datasource; invalid Lockstep settings fail here, naming the property. */
    public Function<SyntheticCreationalContext<FlywayConfigurationCustomizer>, FlywayConfigurationCustomizer> flywayCustomizer(
            String dataSourceName) {
        return context -> new LockstepFlywayCustomizer(dataSourceName, runs(settings(dataSourceName)));
    }

    /**
     * Runs Lockstep for one datasource on the Flyway quarkus-flyway configured for it, and keeps the instance for
     * health and metrics.
     *
     * @param withMetrics whether quarkus-micrometer is present
     */
    public void migrate(String dataSourceName, boolean withMetrics) {
        LockstepSettings settings = settings(dataSourceName);
        InstanceHandle<FlywayContainer> handle = Arc.container().instance(FlywayContainer.class,
                FlywayContainerUtil.getFlywayContainerQualifier(dataSourceName));
        if (!handle.isAvailable() || !handle.getBean().isActive()) {
            LOG.debugf("Lockstep: datasource %s is not active; nothing to do",
                    LockstepDataSources.describe(dataSourceName));
            return;
        }
        FlywayContainer container = handle.get();
        if (runs(settings) && container.isMigrateAtStart()) {
            throw LockstepFlywayCustomizer.migratesTwice(dataSourceName);
        }

        Lockstep.Builder builder = Lockstep.configure(container.getFlyway()).settings(settings);
        connectionDetails(dataSourceName, builder);
        appVersion().ifPresent(builder::appVersion);
        Lockstep lockstep = builder.build();
        Arc.container().instance(LockstepDataSources.class).get().register(dataSourceName, lockstep);

        MigrationReport report = lockstep.migrate();
        LOG.debugf("Lockstep: datasource %s: %s", LockstepDataSources.describe(dataSourceName), report.summary());
        if (withMetrics) {
            // Quarkus creates its meter registries after this step: the meters record the run from its report.
            MicrometerBinding.add(dataSourceName, lockstep, report);
        }
    }

    private LockstepSettings settings(String dataSourceName) {
        return ConfiguredSettings.settings(dataSourceName, config.getValue().datasources().get(dataSourceName));
    }

    private static boolean runs(LockstepSettings settings) {
        return settings.get(LockstepSettings.ENABLED) && settings.get(LockstepSettings.MODE) != Mode.OFF;
    }

    /**
     * Agroal does not hand out the credentials: Lockstep gets them from the configuration, so that its lock
     * connection and pg_dump can log in. Flyway's own connection settings, when given, are the ones Flyway uses.
     */
    private static void connectionDetails(String dataSourceName, Lockstep.Builder builder) {
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
