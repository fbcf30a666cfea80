package dev.lockstep.quarkus;

import dev.lockstep.FailedMigration;
import dev.lockstep.Health;
import dev.lockstep.Lockstep;
import dev.lockstep.SchemaStatus;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
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
 * <p>The default datasource's fields are named plainly ({@code state}); a named datasource's carry its name
 * ({@code users.state}).
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
            addData(response, prefix(entry.getKey()), status);
        }
        return response.build();
    }

    private static void addData(HealthCheckResponseBuilder response, String prefix, SchemaStatus status) {
        response.withData(prefix + "state", status.state().name());
        response.withData(prefix + "health", status.health().name().toLowerCase(Locale.ROOT));
        response.withData(prefix + "currentVersion", String.valueOf(status.currentVersion()));
        response.withData(prefix + "targetVersion", String.valueOf(status.targetVersion()));
        response.withData(prefix + "pendingCount", status.pendingCount());
        if (!status.pending().isEmpty()) {
            response.withData(prefix + "pending", String.join(",", status.pending()));
        }
        FailedMigration failed = status.failed();
        if (failed != null) {
            response.withData(prefix + "failedVersion", String.valueOf(failed.version()));
            response.withData(prefix + "failedDescription", failed.description());
            response.withData(prefix + "failedSqlState", String.valueOf(failed.sqlState()));
        }
        if (!status.message().isEmpty()) {
            response.withData(prefix + "message", status.message());
        }
    }

    private static String prefix(String dataSourceName) {
        return DataSourceUtil.isDefault(dataSourceName) ? "" : dataSourceName + ".";
    }
}
