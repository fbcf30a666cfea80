package dev.lockstep.quarkus.deployment;

import dev.lockstep.quarkus.LockstepBuildTimeConfig;
import dev.lockstep.quarkus.LockstepDataSourceRuntimeConfig;
import dev.lockstep.quarkus.LockstepDataSources;
import dev.lockstep.quarkus.LockstepHealthCheck;
import dev.lockstep.quarkus.LockstepRecorder;
import io.quarkus.agroal.spi.JdbcDataSourceBuildItem;
import io.quarkus.agroal.spi.JdbcDataSourceSchemaReadyBuildItem;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.BeanContainerBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.deployment.SyntheticBeansRuntimeInitBuildItem;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.Consume;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Produce;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.InitTaskCompletedBuildItem;
import io.quarkus.deployment.builditem.ServiceStartBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.metrics.MetricsCapabilityBuildItem;
import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.flyway.FlywayDataSource;
import io.quarkus.runtime.metrics.MetricsFactory;
import io.quarkus.smallrye.health.deployment.spi.HealthBuildItem;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Singleton;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Wires Lockstep into the startup of an application with quarkus-flyway: per PostgreSQL datasource, a Flyway
 * customizer that puts Flyway's lock in session mode and runs Lockstep when quarkus-flyway builds the datasource's
 * Flyway, before Flyway's own start actions, and a RUNTIME_INIT step that has it built before Hibernate ORM starts;
 * the readiness check and the meters when their extensions are present. Datasources of another db-kind are left to
 * quarkus-flyway.
 */
class LockstepProcessor {
    private static final String FEATURE = "lockstep";
    private static final String METER_BINDER = "dev.lockstep.quarkus.LockstepMeterBinder";

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    @BuildStep
    void beans(Optional<MetricsCapabilityBuildItem> metrics, BuildProducer<AdditionalBeanBuildItem> beans) {
        beans.produce(AdditionalBeanBuildItem.unremovableOf(LockstepDataSources.class));
        if (withMicrometer(metrics)) {
            // By name: the class implements a Micrometer interface, absent from applications without quarkus-micrometer.
            beans.produce(AdditionalBeanBuildItem.builder().addBeanClass(METER_BINDER).setUnremovable().build());
        }
    }

    /** The readiness check, left out when no datasource is PostgreSQL: it would have nothing to report. */
    @BuildStep
    void health(Capabilities capabilities, LockstepBuildTimeConfig config, LockstepDataSourcesBuildItem dataSources,
            BuildProducer<HealthBuildItem> health) {
        if (capabilities.isPresent(Capability.SMALLRYE_HEALTH)) {
            health.produce(new HealthBuildItem(LockstepHealthCheck.class.getName(),
                    config.health().enabled() && !dataSources.names().isEmpty()));
        }
    }

    /** The mapping of {@code quarkus.lockstep.*} is read by its methods' names: keep them in a native image. */
    @BuildStep
    ReflectiveClassBuildItem settingsMapping() {
        List<String> groups = new ArrayList<>();
        addGroups(LockstepDataSourceRuntimeConfig.class, groups);
        return ReflectiveClassBuildItem.builder(groups).methods().build();
    }

    /**
     * The datasources Lockstep runs for, from their db-kinds; fails the build when {@code quarkus.lockstep} names a
     * datasource that is not there.
     */
    @BuildStep
    LockstepDataSourcesBuildItem dataSources(List<JdbcDataSourceBuildItem> jdbcDataSources) {
        ManagedDataSources managed = ManagedDataSources.of(jdbcDataSources,
                ConfigProvider.getConfig().getPropertyNames());
        return new LockstepDataSourcesBuildItem(managed.names(), managed.others());
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    @Produce(SyntheticBeansRuntimeInitBuildItem.class)
    void flywayCustomizers(LockstepRecorder recorder, LockstepDataSourcesBuildItem dataSources,
            Optional<MetricsCapabilityBuildItem> metrics, BuildProducer<SyntheticBeanBuildItem> beans) {
        for (String name : dataSources.names()) {
            SyntheticBeanBuildItem.ExtendedBeanConfigurator customizer = SyntheticBeanBuildItem
                    .configure(FlywayConfigurationCustomizer.class)
                    .types(FlywayConfigurationCustomizer.class)
                    .scope(Singleton.class)
                    .setRuntimeInit()
                    .unremovable()
                    // quarkus-flyway applies customizers by priority, highest first: Lockstep's comes last, and
                    // runs on the configuration the application's own customizers made.
                    .priority(Integer.MIN_VALUE)
                    .createWith(recorder.flywayCustomizer(name, withMicrometer(metrics)));
            if (DataSourceUtil.isDefault(name)) {
                customizer.addQualifier(Default.class);
            } else {
                customizer.addQualifier().annotation(FlywayDataSource.class).addValue("value", name).done();
            }
            beans.produce(customizer.done());
        }
    }

    /**
     * The run: has each PostgreSQL datasource's Flyway built, which runs Lockstep, unless quarkus-flyway's start step
     * did it first. Producing {@link JdbcDataSourceSchemaReadyBuildItem} orders it before Hibernate ORM's start, the
     * same way quarkus-flyway orders its own migrate-at-start; {@link InitTaskCompletedBuildItem} makes
     * {@code quarkus.init-and-exit} wait for it.
     */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    @Consume(BeanContainerBuildItem.class)
    @Consume(SyntheticBeansRuntimeInitBuildItem.class)
    ServiceStartBuildItem migrate(LockstepRecorder recorder, LockstepDataSourcesBuildItem dataSources,
            BuildProducer<JdbcDataSourceSchemaReadyBuildItem> schemaReady,
            BuildProducer<InitTaskCompletedBuildItem> initTaskCompleted) {
        dataSources.others().forEach(recorder::stepAside);
        for (String name : dataSources.names()) {
            recorder.migrate(name);
        }
        schemaReady.produce(new JdbcDataSourceSchemaReadyBuildItem(dataSources.names()));
        initTaskCompleted.produce(new InitTaskCompletedBuildItem(FEATURE));
        return new ServiceStartBuildItem(FEATURE);
    }

    private static void addGroups(Class<?> group, List<String> groups) {
        groups.add(group.getName());
        for (Method method : group.getMethods()) {
            if (method.getReturnType().isInterface() && method.getReturnType() != Optional.class) {
                addGroups(method.getReturnType(), groups);
            }
        }
    }

    private static boolean withMicrometer(Optional<MetricsCapabilityBuildItem> metrics) {
        return metrics.isPresent() && metrics.get().metricsSupported(MetricsFactory.MICROMETER);
    }
}
