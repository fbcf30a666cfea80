package dev.lockstep.quarkus;

import dev.lockstep.Health;
import dev.lockstep.Lockstep;
import dev.lockstep.SchemaStatus;
import dev.lockstep.Views;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The readiness check {@code lockstep}: UP while every datasource's schema is where this application needs it.
 * Pending, waiting or migrating schemas are not ready, nor are failed, mismatched or unreachable ones. Each probe is
 * the core's cheap status query; the data holds the status fields and never a URL or a password.
 *
 * <p>The data is the core's status view ({@link Views#status}), the fields Spring Boot's health details show, made
 * flat ({@link Views#flat}) because MicroProfile Health's data takes only strings, longs and booleans: nested fields
 * are named by their path ({@code lastRun.outcome}), {@code pending} is comma-separated. A named datasource's fields
 * carry its name first ({@code users.state}, {@code users.lastRun.outcome}).
 */
@Readiness
@ApplicationScoped
public class LockstepHealthCheck implements HealthCheck {
    static final String NAME = "lockstep";

    private final LockstepDataSources dataSources;

    @Inject
    public LockstepHealthCheck(LockstepDataSources dataSources) {
        this.dataSources = dataSources;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up();
        for (Map.Entry<String, Lockstep> entry : dataSources.all().entrySet()) {
            SchemaStatus status = entry.getValue().status();
            if (status.health() != Health.UP) {
                response.down();
            }
            String prefix = DataSourceUtil.isDefault(entry.getKey()) ? "" : entry.getKey() + ".";
            Views.flat(Views.status(status)).forEach((name, value) -> withData(response, prefix + name, value));
        }
        return response.build();
    }

    private static void withData(HealthCheckResponseBuilder response, String name, Object value) {
        if (value instanceof Long number) {
            response.withData(name, number);
        } else if (value instanceof Boolean flag) {
            response.withData(name, flag);
        } else {
            response.withData(name, value.toString());
        }
    }
}
