package dev.lockstep.spring;

import dev.lockstep.Lockstep;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.core.Ordered;

/**
 * Puts Flyway's own PostgreSQL lock in session mode on Spring Boot's {@code Flyway} bean, before Flyway touches the
 * database ({@link Lockstep#useFlywaySessionLock}). Lockstep already does this on the copy it runs; this covers
 * everything else that migrates with Boot's instance directly (a custom {@code FlywayMigrationStrategy} calling
 * {@code flyway.migrate()}, a Flyway endpoint or a test). It runs after Boot's own customizers, so it also overrides
 * {@code spring.flyway.postgresql.transactional-lock=true}.
 */
public final class SessionLockFlywayCustomizer implements FlywayConfigurationCustomizer, Ordered {

    @Override
    public void customize(FluentConfiguration configuration) {
        Lockstep.useFlywaySessionLock(configuration);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
