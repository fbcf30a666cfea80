package dev.lockstep.spring;

import dev.lockstep.Lockstep;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The read-only {@code /actuator/lockstep} endpoint, when exposed ({@code management.endpoints.web.exposure.include}). */
@AutoConfiguration(after = LockstepAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, Lockstep.class})
@ConditionalOnBean(Lockstep.class)
@ConditionalOnAvailableEndpoint(LockstepEndpoint.class)
public final class LockstepEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LockstepEndpoint lockstepEndpoint(Lockstep lockstep, ObjectProvider<LockstepStartup> startup) {
        return new LockstepEndpoint(lockstep, startup.getIfAvailable());
    }
}
