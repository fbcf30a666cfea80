package dev.lockstep.quarkus;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings fixed when the application is built.
 */
@ConfigMapping(prefix = "quarkus.lockstep")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
public interface LockstepBuildTimeConfig {

    /**
     * The readiness health check.
     */
    HealthBuildTime health();

    /** The readiness health check. */
    interface HealthBuildTime {
        /**
         * Whether a readiness check named {@code lockstep} is published when {@code quarkus-smallrye-health} is present.
         */
        @WithDefault("true")
        boolean enabled();
    }
}
