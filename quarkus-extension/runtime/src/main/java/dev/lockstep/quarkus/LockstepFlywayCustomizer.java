package dev.lockstep.quarkus;

import dev.lockstep.Lockstep;
import io.quarkus.flyway.FlywayConfigurationCustomizer;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Lockstep's part in the Flyway that quarkus-flyway builds for one datasource, and the place where Lockstep runs.
 *
 * <p>quarkus-flyway builds a datasource's Flyway (calling its customizers, this one last) the first time anything asks
 * for it: its own start step, before any of its start actions (clean, validate, baseline, repair, migrate), or
 * Lockstep's start step, whichever Quarkus runs first; the two have no fixed order. Running here puts Lockstep's run
 * before Flyway's actions in both orders, so {@code migrate-at-start} and {@code validate-at-start} find the schema
 * already migrated, and the Flyway is built once, so Lockstep runs once.
 *
 * <p>It puts Flyway's PostgreSQL lock in session mode (a transaction-level lock deadlocks with {@code CREATE INDEX
 * CONCURRENTLY}), refuses start actions that would wipe a database Lockstep migrates, then runs Lockstep on the
 * finished configuration (a run that is switched off only reports {@code SKIPPED}).
 */
final class LockstepFlywayCustomizer implements FlywayConfigurationCustomizer {
    private final String dataSourceName;
    private final StartupRun run;

    LockstepFlywayCustomizer(String dataSourceName, StartupRun run) {
        this.dataSourceName = dataSourceName;
        this.run = run;
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        Lockstep.useFlywaySessionLock(configuration);
        if (run.acts()) {
            FlywayStartActions.refuseClean(dataSourceName);
        }
        run.run(configuration.load());
    }
}
