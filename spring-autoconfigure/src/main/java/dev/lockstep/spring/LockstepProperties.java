package dev.lockstep.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The starter's own property, {@code lockstep.startup}. Lockstep's settings ({@code lockstep.<key>}, for every key of
 * {@code dev.lockstep.LockstepSettings}) are read as text by {@link SpringSettings} and read and validated by the
 * core; their IDE help comes from {@code META-INF/additional-spring-configuration-metadata.json}.
 */
@ConfigurationProperties("lockstep")
public class LockstepProperties {

    /**
     * Whether the application waits for the run during startup (blocking), starts at once and reports
     * OUT_OF_SERVICE on its readiness probe until the run has succeeded (background), or runs the migration and exits
     * with 0 (success) or 1 (failure) before the web server starts (exit: the application's own image as a Kubernetes
     * Job or init container). Background start requires that nothing touches the schema before the run ends: no JPA
     * schema validation.
     */
    private Startup startup = Startup.BLOCKING;

    /** Whether the application waits for the startup run. */
    public enum Startup {
        /** Startup waits for the run; a failed run stops the application (Spring Boot's own behaviour). */
        BLOCKING,
        /** The context starts at once; readiness stays OUT_OF_SERVICE until the run succeeds, DOWN if it fails. */
        BACKGROUND,
        /**
         * The run, then the JVM exits: 0 after a successful run, 1 after a failed one, before the web server starts
         * and before any other bean that uses the schema. For a Kubernetes Job or init container.
         */
        EXIT
    }

    public Startup getStartup() {
        return startup;
    }

    public void setStartup(Startup startup) {
        this.startup = startup;
    }
}
