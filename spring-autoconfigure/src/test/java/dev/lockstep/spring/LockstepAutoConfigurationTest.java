package dev.lockstep.spring;

import static dev.lockstep.LockstepSettings.HEALTH_AHEAD_OF_APP;
import static dev.lockstep.LockstepSettings.LOCK_KEY;
import static dev.lockstep.LockstepSettings.LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.MIGRATION_STATEMENT_TIMEOUT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_ENABLED;
import static dev.lockstep.LockstepSettings.SNAPSHOT_KEEP;
import static dev.lockstep.LockstepSettings.SNAPSHOT_VERIFY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.ErrorCode;
import dev.lockstep.Health;
import dev.lockstep.Lockstep;
import dev.lockstep.LockstepException;
import dev.lockstep.LockstepSettings;
import dev.lockstep.MigrationReport;
import dev.lockstep.Outcome;
import dev.lockstep.SnapshotVerify;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Each condition of the auto-configuration against a real PostgreSQL. Every test starts from an empty schema, so
 * "migrated" always means this context's run applied the three migrations.
 */
@PostgresTest
class LockstepAutoConfigurationTest {
    private final TestDatabase db;
    private final ApplicationContextRunner runner;

    LockstepAutoConfigurationTest(TestDatabase db, @TempDir Path snapshots) {
        this.db = db;
        this.runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        FlywayAutoConfiguration.class, LockstepAutoConfiguration.class,
                        HealthContributorAutoConfiguration.class, LockstepHealthAutoConfiguration.class))
                .withPropertyValues(TestProperties.of(db, snapshots));
    }

    @AfterEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void defaultsRunBootsMigrationThroughLockstep() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(Lockstep.class).hasSingleBean(LockstepMigrationStrategy.class)
                    .hasSingleBean(SessionLockFlywayCustomizer.class).hasSingleBean(LockstepStartup.class)
                    .hasSingleBean(LockstepHealthIndicator.class);
            LockstepStartup startup = context.getBean(LockstepStartup.class);
            assertThat(startup.phase()).isEqualTo(LockstepStartup.Phase.SUCCEEDED);
            MigrationReport report = startup.report();
            assertThat(report).isNotNull();
            assertThat(report.outcome()).isEqualTo(Outcome.MIGRATED);
            assertThat(report.applied()).hasSize(3);
        });
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(3);
        assertThat(db.queryString("SELECT outcome FROM lockstep_runs")).isEqualTo("MIGRATED");
    }

    @Test
    void bootsFlywayBeanUsesTheSessionLock() {
        runner.run(context -> {
            Flyway flyway = context.getBean(Flyway.class);
            assertThat(flyway.getConfiguration().getPluginRegister()
                    .getPlugin(PostgreSQLConfigurationExtension.class).isTransactionalLock()).isFalse();
        });
    }

    @Test
    void sessionLockWinsOverAnExplicitTransactionalLock() {
        runner.withPropertyValues("spring.flyway.postgresql.transactional-lock=true").run(context -> {
            Flyway flyway = context.getBean(Flyway.class);
            assertThat(flyway.getConfiguration().getPluginRegister()
                    .getPlugin(PostgreSQLConfigurationExtension.class).isTransactionalLock()).isFalse();
        });
    }

    @Test
    void springFlywaySettingsKeepWorking() {
        runner.withPropertyValues("spring.flyway.target=2").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(LockstepStartup.class).report().applied()).hasSize(2);
        });
        assertThat(db.queryString("SELECT max(version) FROM flyway_schema_history")).isEqualTo("2");
    }

    @Test
    void disabledBacksOffCompletelyAndBootMigratesAsUsual() {
        // Plain Boot with Flyway's default transaction-level lock hangs on V3's CREATE INDEX CONCURRENTLY (the
        // index build waits for the transaction that holds Flyway's lock): switch it off as a user would have to.
        runner.withPropertyValues("lockstep.enabled=false", "spring.flyway.postgresql.transactional-lock=false")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(Lockstep.class)
                            .doesNotHaveBean(LockstepMigrationStrategy.class)
                            .doesNotHaveBean(SessionLockFlywayCustomizer.class)
                            .doesNotHaveBean(LockstepHealthIndicator.class);
                });
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(3);
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'lockstep_runs'")).isZero();
    }

    @Test
    void backsOffWithoutFlywayOnTheClassPath() {
        runner.withClassLoader(new FilteredClassLoader(Flyway.class)).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(Lockstep.class)
                    .doesNotHaveBean(LockstepHealthIndicator.class);
        });
    }

    @Test
    void backsOffWhenBootsFlywayIsDisabled() {
        runner.withPropertyValues("spring.flyway.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(Lockstep.class);
        });
    }

    @Test
    void applicationsOwnStrategyWinsAndCanCallLockstep() {
        runner.withUserConfiguration(OwnStrategy.class).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(LockstepMigrationStrategy.class)
                    .hasSingleBean(Lockstep.class);
            assertThat(context.getBean(OwnStrategy.class).report.get().applied()).hasSize(3);
            // The starter did not run anything itself.
            assertThat(context.getBean(LockstepStartup.class).phase()).isEqualTo(LockstepStartup.Phase.NOT_STARTED);
        });
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(3);
    }

    @Test
    void applicationsOwnLockstepBeanWins() {
        runner.withUserConfiguration(OwnLockstep.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Lockstep.class);
            Lockstep lockstep = context.getBean(Lockstep.class);
            assertThat(lockstep.settings().get(LOCK_KEY)).isEqualTo(OwnLockstep.KEY);
            assertThat(context.getBean(LockstepStartup.class).lockstep()).isSameAs(lockstep);
        });
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(3);
    }

    @Test
    void applicationsOwnHealthIndicatorWinsWhateverItsName() {
        runner.withUserConfiguration(OwnHealthIndicator.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(LockstepHealthIndicator.class)
                    .hasBean("schemaHealth").doesNotHaveBean("lockstepHealthIndicator");
        });
    }

    @Test
    void healthIndicatorCanBeDisabled() {
        runner.withPropertyValues("management.health.lockstep.enabled=false").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Lockstep.class)
                    .doesNotHaveBean(LockstepHealthIndicator.class);
        });
    }

    @Test
    void propertiesReachTheCore() {
        runner.withPropertyValues("lockstep.lock.timeout=90s", "lockstep.lock.key=77",
                "lockstep.migration.statement-timeout=2m", "lockstep.health.ahead-of-app=down",
                "lockstep.snapshot.keep=9", "lockstep.snapshot.verify=full").run(context -> {
                    LockstepSettings settings = context.getBean(Lockstep.class).settings();
                    assertThat(settings.get(LOCK_TIMEOUT)).hasSeconds(90);
                    assertThat(settings.get(LOCK_KEY)).isEqualTo(77L);
                    assertThat(settings.get(MIGRATION_STATEMENT_TIMEOUT)).hasMinutes(2);
                    assertThat(settings.get(HEALTH_AHEAD_OF_APP)).isEqualTo(Health.DOWN);
                    assertThat(settings.get(SNAPSHOT_KEEP)).isEqualTo(9);
                    assertThat(settings.get(SNAPSHOT_VERIFY)).isEqualTo(SnapshotVerify.FULL);
                });
    }

    @Test
    void validateModeFailsStartupOnPendingMigrations() {
        runner.withPropertyValues("lockstep.mode=validate").run(context -> {
            assertThat(context).hasFailed();
            LockstepException failure = Failures.lockstepCause(context.getStartupFailure());
            assertThat(failure.code()).isEqualTo(ErrorCode.PENDING_MIGRATIONS);
        });
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'flyway_schema_history'")).isZero();
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStrategy {
        final AtomicReference<MigrationReport> report = new AtomicReference<>();

        @Bean
        FlywayMigrationStrategy ownStrategy(ObjectProvider<Lockstep> lockstep) {
            return flyway -> report.set(lockstep.getObject().migrate());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnHealthIndicator {

        @Bean
        LockstepHealthIndicator schemaHealth(Lockstep lockstep) {
            return new LockstepHealthIndicator(lockstep, null);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnLockstep {
        static final long KEY = 4711L;

        @Bean
        Lockstep ownLockstep(Flyway flyway) {
            return Lockstep.configure(flyway).set(LOCK_KEY, KEY).set(SNAPSHOT_ENABLED, false).build();
        }
    }
}
