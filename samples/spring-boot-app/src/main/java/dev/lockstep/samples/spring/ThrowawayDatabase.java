package dev.lockstep.samples.spring;

import dev.lockstep.embedded.EmbeddedDatabase;
import dev.lockstep.embedded.EmbeddedPostgres;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The sample's embedded default: with no {@code spring.datasource.url} (no {@code SPRING_DATASOURCE_URL}), it
 * starts a throwaway PostgreSQL and points the datasource at it, before any bean exists. Runs after the
 * application's own configuration files are read, so a URL set anywhere wins. The password goes into the
 * environment only, never into a log line.
 */
public final class ThrowawayDatabase implements EnvironmentPostProcessor, Ordered {
    private static final String SOURCE = "lockstepSampleThrowawayDatabase";

    private final Log log;

    public ThrowawayDatabase(DeferredLogFactory logs) {
        this.log = logs.getLog(ThrowawayDatabase.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("spring.datasource.url") || environment.getPropertySources().contains(SOURCE)) {
            return;
        }
        EmbeddedDatabase database = EmbeddedPostgres.shared().createDatabase("lockstep_sample");
        environment.getPropertySources().addFirst(new MapPropertySource(SOURCE, Map.of(
                "spring.datasource.url", database.jdbcUrl(),
                "spring.datasource.username", database.user(),
                "spring.datasource.password", database.password())));
        log.info("No SPRING_DATASOURCE_URL: using a throwaway PostgreSQL, " + database.jdbcUrl() + " as "
                + database.user() + " (dropped when the application stops)");
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
