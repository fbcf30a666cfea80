package dev.lockstep.spring;

import dev.lockstep.Lockstep;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code lockstep} health indicator ({@code management.health.lockstep.enabled}), added to the readiness
 * group. Listed after Boot's availability probes so that its group post-processor runs after the one that creates
 * the readiness group (both have the lowest precedence; Spring keeps registration order among equals).
 */
@AutoConfiguration(after = {LockstepAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class})
@ConditionalOnClass({HealthIndicator.class, Lockstep.class})
@ConditionalOnBean(Lockstep.class)
@ConditionalOnEnabledHealthIndicator("lockstep")
public final class LockstepHealthAutoConfiguration {

    // Any LockstepHealthIndicator of the application's own replaces this one, whatever its name; so does a bean of
    // another type named lockstepHealthIndicator, which would otherwise clash with this one's name.
    @Bean
    @ConditionalOnMissingBean(value = LockstepHealthIndicator.class, name = "lockstepHealthIndicator")
    LockstepHealthIndicator lockstepHealthIndicator(Lockstep lockstep, ObjectProvider<LockstepStartup> startup) {
        return new LockstepHealthIndicator(lockstep, startup.getIfAvailable());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HealthEndpointGroupsPostProcessor.class, SecurityContext.class})
    static final class ReadinessConfiguration {

        @Bean
        @ConditionalOnMissingBean(ReadinessIncludesLockstep.class)
        ReadinessIncludesLockstep lockstepReadinessGroupPostProcessor() {
            return new ReadinessIncludesLockstep("lockstep");
        }
    }
}
