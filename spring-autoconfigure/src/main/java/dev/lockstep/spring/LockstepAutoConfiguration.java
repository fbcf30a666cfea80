package dev.lockstep.spring;

import dev.lockstep.Lockstep;
import dev.lockstep.spi.MigrationListener;
import dev.lockstep.spring.LockstepProperties.Startup;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Runs Spring Boot's Flyway migration through Lockstep: a {@link Lockstep} built from Boot's {@code Flyway} bean
 * (so every {@code spring.flyway.*} setting keeps working), and a {@link FlywayMigrationStrategy} that hands the run
 * to it at the moment Boot would migrate, before JPA and JDBC initialisation. {@code lockstep.enabled=false} backs
 * off completely; a {@code FlywayMigrationStrategy} of the application's own wins over Lockstep's. When the
 * migration's database is not PostgreSQL (an application's H2 profile), Lockstep steps aside at startup and Boot's
 * Flyway migrates as it would without it ({@link LockstepStartup#steppedAside()}).
 */
@AutoConfiguration(after = FlywayAutoConfiguration.class)
@ConditionalOnClass({Lockstep.class, Flyway.class, FlywayMigrationStrategy.class})
@ConditionalOnBean(Flyway.class)
@ConditionalOnBooleanProperty(name = "lockstep.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LockstepProperties.class)
public final class LockstepAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SessionLockFlywayCustomizer lockstepSessionLockFlywayCustomizer() {
        return new SessionLockFlywayCustomizer();
    }

    @Bean
    @ConditionalOnMissingBean
    Lockstep lockstep(Flyway flyway, Environment environment, ObjectProvider<MigrationListener> listeners,
            ObjectProvider<FlywayConnectionDetails> flywayConnection, ObjectProvider<JdbcConnectionDetails> jdbcConnection,
            ObjectProvider<BuildProperties> build) {
        Lockstep.Builder builder = Lockstep.configure(flyway).properties(SpringSettings.properties(environment));
        listeners.orderedStream().forEach(builder::listener);
        LockConnection.of(flywayConnection.getIfAvailable(), jdbcConnection.getIfAvailable())
                .ifPresent(details -> builder.connectionDetails(details.url(), details.user(), details.password()));
        BuildProperties buildProperties = build.getIfAvailable();
        if (buildProperties != null && buildProperties.getVersion() != null) {
            builder.appVersion(buildProperties.getVersion());
        }
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    LockstepStartup lockstepStartup(Lockstep lockstep, LockstepProperties properties, Environment environment) {
        LockstepStartup startup = new LockstepStartup(lockstep, properties.getStartup());
        // Background start's constraints do not apply where Lockstep steps aside (an application's H2 profile).
        if (properties.getStartup() == Startup.BACKGROUND && startup.steppedAside().isEmpty()) {
            BackgroundStartCheck.check(environment);
        }
        return startup;
    }

    @Bean
    @ConditionalOnMissingBean(FlywayMigrationStrategy.class)
    LockstepMigrationStrategy lockstepMigrationStrategy(LockstepStartup startup) {
        return new LockstepMigrationStrategy(startup);
    }
}
