package dev.lockstep.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.ErrorCode;
import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V2 of {@code db/failing} alters a table that does not exist. Blocking startup stops with the failure analysis a
 * user reads; background startup keeps the application alive with readiness DOWN and the failure in the details.
 */
@PostgresTest
class FailingMigrationTest {
    private final TestDatabase db;

    FailingMigrationTest(TestDatabase db) {
        this.db = db;
    }

    @AfterEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void blockingStartupFailsWithTheFailureAnalysis(@TempDir Path snapshots) {
        assertThatThrownBy(() -> TestApplication.start(TestProperties.of(db, snapshots,
                "spring.flyway.locations=classpath:db/failing")))
                .satisfies(failure -> assertThat(Failures.lockstepCause(failure).code())
                        .isEqualTo(ErrorCode.MIGRATION_FAILED));

        String report = String.join("\n", CapturedLogs.lines().stream()
                .filter(line -> line.contains("APPLICATION FAILED TO START")).toList());
        assertThat(report).contains("Description:").contains("Lockstep stopped the startup migration (MIGRATION_FAILED)")
                .contains("no_such_table").contains("Action:")
                .contains("Fix the migration named in the message (its SQLSTATE says why it failed)");
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(1);
    }

    @Test
    void backgroundStartupStaysAliveWithReadinessDown(@TempDir Path snapshots) {
        try (TestApplication app = TestApplication.start(TestProperties.of(db, snapshots,
                "spring.flyway.locations=classpath:db/failing", "lockstep.startup=background"))) {
            TestApplication.Response readiness = app.await("/actuator/health/readiness",
                    r -> "DOWN".equals(r.json("$.status")), Duration.ofSeconds(60));
            assertThat(readiness.status()).isEqualTo(503);
            TestApplication.Response lockstep = app.get("/actuator/health/lockstep");
            assertThat(lockstep.<String>json("$.status")).isEqualTo("DOWN");
            assertThat(lockstep.<String>json("$.details.startup")).isEqualTo("background, failed");
            assertThat(lockstep.<String>json("$.details.startupFailure.errorCode")).isEqualTo("MIGRATION_FAILED");
            assertThat(lockstep.<String>json("$.details.startupFailure.migration.version")).isEqualTo("2");
            assertThat(lockstep.<String>json("$.details.startupFailure.migration.sqlState")).isEqualTo("42P01");
            assertThat(lockstep.<String>json("$.details.startupFailure.message")).contains("no_such_table");

            TestApplication.Response liveness = app.get("/actuator/health/liveness");
            assertThat(liveness.status()).isEqualTo(200);
            assertThat(app.context().isActive()).isTrue();
            assertThat(CapturedLogs.lines()).anyMatch(line -> line.contains("Lockstep's background run failed"
                    + " (MIGRATION_FAILED); readiness stays DOWN"));
            assertThat(List.of(lockstep.body(), app.get("/actuator/lockstep").body()))
                    .noneMatch(body -> body.contains(db.password()));
        }
    }
}
