package dev.lockstep.internal.flyway;

import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.jspecify.annotations.Nullable;

/** What Lockstep sets on Flyway before Flyway touches the database. */
public final class FlywaySupport {
    private FlywaySupport() {}

    /**
     * Loads Flyway with Lockstep's callback added to the user's and Flyway's own PostgreSQL lock in session mode
     * ({@code postgresql.transactional.lock=false}): with the default transaction-level lock, a second instance
     * waiting on it deadlocks with {@code CREATE INDEX CONCURRENTLY} on the first.
     */
    public static Flyway load(FluentConfiguration configuration, Callback callback) {
        Callback[] callbacks = configuration.getCallbacks();
        Callback[] withOurs = Arrays.copyOf(callbacks, callbacks.length + 1);
        withOurs[callbacks.length] = callback;
        configuration.callbacks(withOurs);
        useSessionLock(configuration);
        Flyway flyway = configuration.load();
        // Flyway copies its configuration when it loads; set it on the copy too, in case the copy was fresh.
        useSessionLock(flyway.getConfiguration());
        return flyway;
    }

    /** Whether Flyway's own lock is session-level in this configuration. */
    public static boolean usesSessionLock(Configuration configuration) {
        return !configuration.getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class).isTransactionalLock();
    }

    /** The schema Flyway keeps its history in, or null for the connection's current schema. */
    public static @Nullable String historySchema(Configuration configuration) {
        if (configuration.getDefaultSchema() != null) {
            return configuration.getDefaultSchema();
        }
        String[] schemas = configuration.getSchemas();
        return schemas.length > 0 ? schemas[0] : null;
    }

    /**
     * Puts Flyway's own PostgreSQL lock in session mode ({@code postgresql.transactional.lock=false}) through
     * Flyway's PostgreSQL configuration extension: the map-based route for this key needs jackson-databind in
     * Flyway 13, which flyway-core does not bring. Without the PostgreSQL module there is nothing to set.
     */
    public static void useSessionLock(Configuration configuration) {
        PostgreSQLConfigurationExtension postgresql =
                configuration.getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class);
        if (postgresql != null) {
            postgresql.setTransactionalLock(false);
        }
    }
}
