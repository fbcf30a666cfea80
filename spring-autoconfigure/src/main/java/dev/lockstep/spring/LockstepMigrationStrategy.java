package dev.lockstep.spring;

import org.flywaydb.core.Flyway;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Hands Spring Boot's migration to Lockstep. Boot calls it where it would call {@code flyway.migrate()}, before
 * JPA and JDBC initialisation; the {@code Flyway} Boot passes is the one the {@code Lockstep} bean was built from.
 * When that Flyway's database is not PostgreSQL, Lockstep steps aside and this calls {@code flyway.migrate()}, as
 * Boot's own initializer does without a strategy.
 */
public final class LockstepMigrationStrategy implements FlywayMigrationStrategy {
    private final LockstepStartup startup;

    public LockstepMigrationStrategy(LockstepStartup startup) {
        this.startup = startup;
    }

    @Override
    public void migrate(Flyway flyway) {
        if (startup.steppedAside().isPresent()) {
            flyway.migrate();
        } else {
            startup.start();
        }
    }
}
