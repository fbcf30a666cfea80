package dev.lockstep.spring;

import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.core.Ordered;

/**
 * Puts Flyway's own PostgreSQL lock in session mode on Spring Boot's {@code Flyway} bean, before Flyway touches the
 * database. Lockstep already does this on the copy it runs; this covers everything else that migrates with Boot's
 * instance directly (a custom {@code FlywayMigrationStrategy} calling {@code flyway.migrate()}, a Flyway endpoint
 * or a test): with Flyway's default transaction-level lock, a second instance waiting on it deadlocks with
 * {@code CREATE INDEX CONCURRENTLY}. It runs after Boot's own customizers, so it also overrides
 * {@code spring.flyway.postgresql.transactional-lock=true}.
 */
public final class SessionLockFlywayCustomizer implements FlywayConfigurationCustomizer, Ordered {

    @Override
    public void customize(FluentConfiguration configuration) {
        PostgreSQLConfigurationExtension postgresql =
                configuration.getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class);
        if (postgresql != null) {
            postgresql.setTransactionalLock(false);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
