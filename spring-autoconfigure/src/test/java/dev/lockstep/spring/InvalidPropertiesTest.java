package dev.lockstep.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Every invalid lockstep.* value stops startup before anything touches the database, with the core's message
 * naming the setting, and a failure analysis that names the Spring Boot property.
 */
@PostgresTest
class InvalidPropertiesTest {
    private final TestDatabase db;
    private final ApplicationContextRunner runner;

    InvalidPropertiesTest(TestDatabase db, @TempDir Path snapshots) {
        this.db = db;
        this.runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        FlywayAutoConfiguration.class, LockstepAutoConfiguration.class))
                .withPropertyValues(TestProperties.of(db, snapshots));
    }

    @AfterEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            connect-timeout             | 0s             | Invalid Lockstep setting connect-timeout=0s: use a positive duration such as 30s or 10m.
            lock.timeout                | -5s            | Invalid Lockstep setting lock.timeout=-5000ms: use a positive duration such as 30s or 10m.
            migration.lock-timeout      | 0ms            | Invalid Lockstep setting migration.lock-timeout=0s: use a positive duration such as 30s or 10m.
            migration.statement-timeout | -1s            | Invalid Lockstep setting migration.statement-timeout=-1000ms: use 0 or a positive duration such as 30s.
            migration.lock-retry-budget | -1m            | Invalid Lockstep setting migration.lock-retry-budget=-60000ms: use 0 or a positive duration such as 30s.
            health.ahead-of-app         | out_of_service | Invalid Lockstep setting health.ahead-of-app=out_of_service: use up or down.
            snapshot.keep               | 0              | Invalid Lockstep setting snapshot.keep=0: use 1 or more: the newest verified snapshot is always kept.
            snapshot.max-age            | -1d            | Invalid Lockstep setting snapshot.max-age=-86400000ms: use 0 or a positive duration such as 30s.
            snapshot.timeout            | 0s             | Invalid Lockstep setting snapshot.timeout=0s: use a positive duration such as 30s or 10m.
            """)
    void invalidValueFailsStartupNamingTheSetting(String key, String value, String message) {
        runner.withPropertyValues("lockstep." + key + "=" + value).run(context -> {
            assertThat(context).hasFailed();
            LockstepException failure = Failures.lockstepCause(context.getStartupFailure());
            assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
            assertThat(failure.getMessage()).isEqualTo(message);
            FailureAnalysis analysis = new LockstepFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains(message);
            assertThat(analysis.getAction())
                    .isEqualTo("Fix the property lockstep." + key + " (see docs/spring-boot.md for its values and default).");
        });
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isZero();
    }

    @Test
    void restoreWithoutSnapshotsIsRefused() {
        runner.withPropertyValues("lockstep.on-failure=restore", "lockstep.snapshot.enabled=false").run(context -> {
            assertThat(Failures.lockstepCause(context.getStartupFailure()).getMessage()).isEqualTo(
                    "Invalid Lockstep setting on-failure=restore: restoring needs a snapshot; set"
                            + " snapshot.enabled=true or on-failure=fail.");
        });
    }

    @Test
    void unreadableValueIsReportedBySpringBootsBinder() {
        runner.withPropertyValues("lockstep.lock.timeout=soon").run(context -> {
            assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("Failed to bind properties under 'lockstep.lock.timeout'")
                    .hasStackTraceContaining("'soon' is not a valid duration");
        });
    }

    @Test
    void unknownModeIsReportedBySpringBootsBinder() {
        runner.withPropertyValues("lockstep.mode=sometimes").run(context -> {
            assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("Failed to bind properties under 'lockstep.mode'")
                    .hasStackTraceContaining("[sometimes]");
        });
    }

    @Test
    void backgroundStartWithSchemaValidationIsRefused() {
        runner.withPropertyValues("lockstep.startup=background", "spring.jpa.hibernate.ddl-auto=validate")
                .run(context -> {
                    LockstepException failure = Failures.lockstepCause(context.getStartupFailure());
                    assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                    assertThat(failure.getMessage()).isEqualTo("lockstep.startup=background is unsafe here:"
                            + " spring.jpa.hibernate.ddl-auto=validate makes Hibernate read or change the schema while"
                            + " it starts, before the background run has migrated it. Either set"
                            + " spring.jpa.hibernate.ddl-auto=none, or use lockstep.startup=blocking.");
                });
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isZero();
    }

    @Test
    void backgroundStartWithSqlScriptsIsRefused() {
        runner.withPropertyValues("lockstep.startup=background", "spring.sql.init.mode=always").run(context -> {
            assertThat(Failures.lockstepCause(context.getStartupFailure()).getMessage())
                    .contains("spring.sql.init.mode=always").contains("lockstep.startup=blocking");
        });
    }
}
