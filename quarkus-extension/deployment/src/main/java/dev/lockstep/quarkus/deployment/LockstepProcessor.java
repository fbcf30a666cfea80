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
 * customizer (session lock, and no second migration by Flyway's own migrate-at-start) and a RUNTIME_INIT run that
 * completes before Hibernate ORM starts; the readiness check and the meters when their extensions are present.
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

    @BuildStep
    void health(Capabilities capabilities, LockstepBuildTimeConfig config, BuildProducer<HealthBuildItem> health) {
        if (capabilities.isPresent(Capability.SMALLRYE_HEALTH)) {
            health.produce(new HealthBuildItem(LockstepHealthCheck.class.getName(), config.health().enabled()));
        }
    }

    /** The mapping of {@code quarkus.lockstep.*} is read by its methods' names: keep them in a native image. */
    @BuildStep
    ReflectiveClassBuildItem settingsMapping() {
        List<String> groups = new ArrayList<>();
        addGroups(LockstepDataSourceRuntimeConfig.class, groups);
        return ReflectiveClassBuildItem.builder(groups).methods().build();
    }

    /** The datasources Lockstep runs for; fails the build when {@code quarkus.lockstep} names one that is not there. */
    @BuildStep
    LockstepDataSourcesBuildItem dataSources(List<JdbcDataSourceBuildItem> jdbcDataSources) {
        ManagedDataSources managed = ManagedDataSources.of(jdbcDataSources,
                ConfigProvider.getConfig().getPropertyNames());
        return new LockstepDataSourcesBuildItem(managed.names());
    }

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    @Produce(SyntheticBeansRuntimeInitBuildItem.class)
    void flywayCustomizers(LockstepRecorder recorder, LockstepDataSourcesBuildItem dataSources,
            BuildProducer<SyntheticBeanBuildItem> beans) {
        for (String name : dataSources.names()) {
            SyntheticBeanBuildItem.ExtendedBeanConfigurator customizer = SyntheticBeanBuildItem
                    .configure(FlywayConfigurationCustomizer.class)
                    .types(FlywayConfigurationCustomizer.class)
                    .scope(Singleton.class)
                    .setRuntimeInit()
                    .unremovable()
                    .createWith(recorder.flywayCustomizer(name));
            if (DataSourceUtil.isDefault(name)) {
                customizer.addQualifier(Default.class);
            } else {
                customizer.addQualifier().annotation(FlywayDataSource.class).addValue("value", name).done();
            }
            beans.produce(customizer.done());
        }
    }

    /**
     * The run. Producing {@link JdbcDataSourceSchemaReadyBuildItem} orders it before Hibernate ORM's start, the same
     * way quarkus-flyway orders its own migrate-at-start.
     */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    @Consume(BeanContainerBuildItem.class)
    @Consume(SyntheticBeansRuntimeInitBuildItem.class)
    ServiceStartBuildItem migrate(LockstepRecorder recorder, LockstepDataSourcesBuildItem dataSources,
            Optional<MetricsCapabilityBuildItem> metrics, BuildProducer<JdbcDataSourceSchemaReadyBuildItem> schemaReady) {
        boolean withMetrics = withMicrometer(metrics);
        for (String name : dataSources.names()) {
            recorder.migrate(name, withMetrics);
        }
        schemaReady.produce(new JdbcDataSourceSchemaReadyBuildItem(dataSources.names()));
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
