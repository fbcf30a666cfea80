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
            connect-timeout             | 0s                    | Invalid Lockstep setting connect-timeout=0s: use a duration from 1ms to 365d.
            lock.timeout                | -5s                   | Invalid Lockstep setting lock.timeout=-5s: use a duration from 1ms to 365d.
            lock.timeout                | soon                  | Invalid Lockstep setting lock.timeout=soon: use a duration from 1ms to 365d, written as a number with a unit (500ms, 30s, 10m, 2h, 7d) or in ISO-8601 (PT10M).
            lock.timeout                | 999999d               | Invalid Lockstep setting lock.timeout=999999d: use a duration from 1ms to 365d.
            lock.timeout                | 99999999999999999999s | Invalid Lockstep setting lock.timeout=99999999999999999999s: use a duration from 1ms to 365d.
            migration.lock-timeout      | 0ms                   | Invalid Lockstep setting migration.lock-timeout=0ms: use a duration from 1ms to 2147483647ms in whole milliseconds (PostgreSQL's limits for lock_timeout, where 0 means no limit).
            migration.lock-timeout      | PT0.0005S             | Invalid Lockstep setting migration.lock-timeout=PT0.0005S: use a duration from 1ms to 2147483647ms in whole milliseconds (PostgreSQL's limits for lock_timeout, where 0 means no limit).
            migration.lock-timeout      | 30d                   | Invalid Lockstep setting migration.lock-timeout=30d: use a duration from 1ms to 2147483647ms in whole milliseconds (PostgreSQL's limits for lock_timeout, where 0 means no limit).
            migration.statement-timeout | -1s                   | Invalid Lockstep setting migration.statement-timeout=-1s: use 0s (no limit) or a duration from 1ms to 2147483647ms in whole milliseconds (PostgreSQL's limits for statement_timeout).
            migration.lock-retry-budget | -1m                   | Invalid Lockstep setting migration.lock-retry-budget=-1m: use a duration from 0s to 365d.
            health.ahead-of-app         | out_of_service        | Invalid Lockstep setting health.ahead-of-app=out_of_service: use up or down.
            mode                        | sometimes             | Invalid Lockstep setting mode=sometimes: use migrate, validate, wait or off.
            snapshot.keep               | 0                     | Invalid Lockstep setting snapshot.keep=0: use a whole number from 1 to 2147483647.
            snapshot.keep               | 99999999999           | Invalid Lockstep setting snapshot.keep=99999999999: use a whole number from 1 to 2147483647.
            lock.key                    | 9223372036854775808   | Invalid Lockstep setting lock.key=9223372036854775808: use a whole number from -9223372036854775808 to 9223372036854775807, or empty to derive it.
            snapshot.max-age            | -1d                   | Invalid Lockstep setting snapshot.max-age=-1d: use a duration from 0s to 3650d.
            snapshot.timeout            | 0s                    | Invalid Lockstep setting snapshot.timeout=0s: use a duration from 1ms to 365d.
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
    void anUnknownRuleIsRefusedNamingTheClosestOne() {
        runner.withPropertyValues("lockstep.lint.rules.drop-colum=off").run(context -> {
            LockstepException failure = Failures.lockstepCause(context.getStartupFailure());
            assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
            assertThat(failure.getMessage()).startsWith("Invalid Lockstep setting lint.rules.drop-colum=off: there is no"
                    + " rule-id 'drop-colum'; did you mean drop-column? The rule-ids: index-without-concurrently,");
            assertThat(new LockstepFailureAnalyzer().analyze(context.getStartupFailure()).getAction()).isEqualTo(
                    "Fix the property lockstep.lint.rules.drop-colum (see docs/spring-boot.md for its values and"
                            + " default).");
        });
    }

    @Test
    void restoreWithoutSnapshotsIsRefused() {
        runner.withPropertyValues("lockstep.on-failure=restore", "lockstep.snapshot.enabled=false").run(context -> {
            assertThat(Failures.lockstepCause(context.getStartupFailure()).getMessage()).isEqualTo(
                    "Invalid Lockstep setting on-failure=restore: restoring needs a snapshot; set"
                            + " snapshot.enabled=true or on-failure=fail.");
        });
    }

    /** Spring Boot's convention: a duration without a unit is milliseconds; the core sees it with its unit. */
    @Test
    void aBareNumberIsMillisecondsAndNamedWithItsUnitWhenOutOfRange() {
        runner.withPropertyValues("lockstep.migration.lock-timeout=3000000000").run(context -> {
            LockstepException failure = Failures.lockstepCause(context.getStartupFailure());
            assertThat(failure.getMessage()).startsWith(
                    "Invalid Lockstep setting migration.lock-timeout=3000000000ms: use a duration from 1ms to");
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
