package dev.lockstep.spring;

import dev.lockstep.Lockstep;
import dev.lockstep.micrometer.LockstepMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Lockstep's meters ({@link LockstepMetrics}: {@code lockstep.lock.wait}, {@code lockstep.run},
 * {@code lockstep.migrations.applied}, {@code lockstep.migrations.pending}, {@code lockstep.snapshot.duration},
 * {@code lockstep.snapshot.size}), tagged {@code datasource=default}. The listener joins the {@code Lockstep} bean
 * as it is built, so it hears the startup run; the pending gauge is bound once every singleton exists, unless Lockstep
 * stepped aside (the migration's database is not PostgreSQL).
 */
@AutoConfiguration(after = {MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
        LockstepAutoConfiguration.class})
@ConditionalOnClass({MeterRegistry.class, LockstepMetrics.class, Lockstep.class})
@ConditionalOnBean({MeterRegistry.class, Lockstep.class})
public final class LockstepMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LockstepMetrics lockstepMetrics(MeterRegistry registry) {
        return new LockstepMetrics(registry, Tags.of("datasource", "default"));
    }

    @Bean
    SmartInitializingSingleton lockstepMetricsStatusBinding(LockstepMetrics metrics, ObjectProvider<Lockstep> lockstep,
            ObjectProvider<LockstepStartup> startup) {
        return () -> {
            // Where Lockstep steps aside there is no schema status to count: no pending gauge, and no run was timed.
            LockstepStartup known = startup.getIfAvailable();
            if (known == null || known.steppedAside().isEmpty()) {
                lockstep.ifAvailable(metrics::bindStatus);
            }
        };
    }
}
