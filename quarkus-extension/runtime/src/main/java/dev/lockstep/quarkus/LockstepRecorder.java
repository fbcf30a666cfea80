package dev.lockstep.quarkus;

import dev.lockstep.LockstepSettings;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.arc.SyntheticCreationalContext;
import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.flyway.runtime.FlywayContainer;
import io.quarkus.flyway.runtime.FlywayContainerUtil;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;
import java.util.function.Function;
import org.jboss.logging.Logger;

/** Runs Lockstep for each datasource while the application starts, before Hibernate ORM. */
@Recorder
public class LockstepRecorder {
    private static final Logger LOG = Logger.getLogger(LockstepRecorder.class);

    private final RuntimeValue<LockstepRuntimeConfig> config;

    public LockstepRecorder(RuntimeValue<LockstepRuntimeConfig> config) {
        this.config = config;
    }

    /**
     * Creates the Flyway customizer of one datasource, which runs Lockstep; invalid Lockstep settings fail here,
     * naming the property.
     *
     * @param withMetrics whether quarkus-micrometer is present
     */
    public Function<SyntheticCreationalContext<FlywayConfigurationCustomizer>, FlywayConfigurationCustomizer> flywayCustomizer(
            String dataSourceName, boolean withMetrics) {
        return context -> new LockstepFlywayCustomizer(dataSourceName,
                new StartupRun(dataSourceName, settings(dataSourceName), withMetrics));
    }

    /**
     * Makes sure Lockstep has run for one datasource: it runs when quarkus-flyway builds the datasource's Flyway
     * ({@link LockstepFlywayCustomizer}), which this asks for unless quarkus-flyway's own start step did already.
     */
    public void migrate(String dataSourceName) {
        String name = LockstepDataSources.describe(dataSourceName);
        InstanceHandle<FlywayContainer> flyway = Arc.container().instance(FlywayContainer.class,
                FlywayContainerUtil.getFlywayContainerQualifier(dataSourceName));
        if (!flyway.isAvailable() || !flyway.getBean().isActive()) {
            LOG.debugf("Lockstep: datasource %s is not active; nothing to do", name);
            return;
        }
        if (!FlywayStartActions.active(dataSourceName)) {
            LOG.infof("Lockstep: datasource %s is not migrated at startup: %s=false switches off Flyway's start"
                    + " actions, and Lockstep's with them", name,
                    FlywayStartActions.property(dataSourceName, "active"));
        }
        flyway.get();
        if (Arc.container().instance(LockstepDataSources.class).get().get(dataSourceName).isEmpty()) {
            throw new IllegalStateException("Lockstep did not run for datasource " + name + ": quarkus-flyway built"
                    + " its Flyway without Lockstep's FlywayConfigurationCustomizer, so nothing was migrated. This is a"
                    + " defect of the Lockstep extension with this Quarkus version. To start without Lockstep, remove"
                    + " the dependency dev.lockstep:lockstep-quarkus.");
        }
    }

    /** Says once, at startup, why Lockstep leaves a datasource to quarkus-flyway. */
    public void stepAside(String dataSourceName, String dbKind) {
        LOG.infof("Lockstep steps aside for datasource %s: its db-kind is %s, and Lockstep migrates PostgreSQL only."
                + " quarkus-flyway handles it as configured, as without Lockstep.",
                LockstepDataSources.describe(dataSourceName), dbKind);
    }

    private LockstepSettings settings(String dataSourceName) {
        return ConfiguredSettings.settings(dataSourceName, config.getValue().datasources().get(dataSourceName));
    }
}
