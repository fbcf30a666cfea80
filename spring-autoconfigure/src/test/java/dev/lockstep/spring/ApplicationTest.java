package dev.lockstep.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.micrometer.LockstepMetrics;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;

/**
 * A whole web application with the starter, actuator and Micrometer, blocking startup: what a user sees on
 * {@code /actuator/health}, the probes, {@code /actuator/lockstep} and the meters.
 */
@PostgresTest
class ApplicationTest {
    @TempDir
    static Path snapshots;

    private static TestApplication app;
    private final TestDatabase db;

    ApplicationTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeAll
    static void start(TestDatabase db) {
        app = TestApplication.start(TestProperties.of(db, snapshots, "spring.application.name=orders"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void migrationsWereAppliedOnceBeforeTheContextWasReady() {
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(3);
        assertThat(db.queryColumn("SELECT outcome || ' ' || applied FROM lockstep_runs")).containsExactly("MIGRATED 3");
    }

    @Test
    void healthHasTheLockstepComponentWithTheSchemaStatus() {
        TestApplication.Response health = app.get("/actuator/health");
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.<String>json("$.components.lockstep.status")).isEqualTo("UP");
        Map<String, Object> details = health.json("$.components.lockstep.details");
        assertThat(details).containsEntry("state", "UP_TO_DATE").containsEntry("health", "UP")
                .containsEntry("currentVersion", "3").containsEntry("targetVersion", "3")
                .containsEntry("pendingCount", 0).containsEntry("pending", List.of())
                .containsEntry("startup", "blocking, succeeded").containsKey("checkedAt");
        // The core's status view, in its order, with what is not there left out (no failure, holder or message).
        assertThat(details.keySet()).containsExactly("state", "health", "currentVersion", "targetVersion",
                "pendingCount", "pending", "lastRun", "checkedAt", "startup");
        Map<String, Object> lastRun = health.json("$.components.lockstep.details.lastRun");
        assertThat(lastRun).containsEntry("outcome", "MIGRATED").containsEntry("toVersion", "3")
                .containsEntry("applied", 3).containsKeys("id", "instance", "host", "startedAt", "durationMs",
                        "lockWaitMs", "snapshotId")
                .doesNotContainKeys("fromVersion", "appVersion", "error");
        assertThat(health.body()).doesNotContain(db.password()).doesNotContain("null");
    }

    @Test
    void readinessIncludesLockstepAndLivenessDoesNot() {
        TestApplication.Response readiness = app.get("/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
        assertThat(readiness.<String>json("$.status")).isEqualTo("UP");
        assertThat(app.get("/actuator/health/liveness").status()).isEqualTo(200);

        // Boot's probe groups never show their components, so membership is checked on the groups themselves;
        // BackgroundStartupTest shows its effect (503 while the run waits).
        HealthEndpointGroups groups = app.context().getBean(HealthEndpointGroups.class);
        assertThat(groups.get("readiness").isMember("lockstep")).isTrue();
        assertThat(groups.get("readiness").isMember("readinessState")).isTrue();
        assertThat(groups.get("liveness").isMember("lockstep")).isFalse();
    }

    @Test
    void metersHaveTheDocumentedNames() {
        MeterRegistry registry = app.context().getBean(MeterRegistry.class);
        assertThat(registry.get(LockstepMetrics.RUN).tag("outcome", "migrated").tag("datasource", "default").timer()
                .count()).isEqualTo(1);
        assertThat(registry.get(LockstepMetrics.LOCK_WAIT).timer().count()).isEqualTo(1);
        assertThat(registry.get(LockstepMetrics.APPLIED).counter().count()).isEqualTo(3.0);
        assertThat(registry.get(LockstepMetrics.PENDING).gauge().value()).isZero();
        assertThat(registry.get(LockstepMetrics.SNAPSHOT_DURATION).timer().count()).isEqualTo(1);
        assertThat(registry.get(LockstepMetrics.SNAPSHOT_SIZE).summary().totalAmount()).isPositive();

        TestApplication.Response applied = app.get("/actuator/metrics/lockstep.migrations.applied");
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertThat(applied.<Double>json("$.measurements[0].value")).isEqualTo(3.0);
        assertThat(app.get("/actuator/metrics/lockstep.migrations.pending").<Double>json("$.measurements[0].value"))
                .isZero();
    }

    @Test
    void endpointShowsStatusStartupRunsAndSnapshots() {
        TestApplication.Response endpoint = app.get("/actuator/lockstep");
        assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(200);
        assertThat(endpoint.<Map<String, Object>>json("$")).containsOnlyKeys("status", "startup", "runs", "snapshots");
        assertThat(endpoint.<String>json("$.status.state")).isEqualTo("UP_TO_DATE");
        assertThat(endpoint.<String>json("$.startup.mode")).isEqualTo("blocking");
        assertThat(endpoint.<String>json("$.startup.phase")).isEqualTo("SUCCEEDED");
        assertThat(endpoint.<String>json("$.startup.summary")).startsWith("MIGRATED <empty> -> v3 (3 applied)");
        assertThat(endpoint.<String>json("$.startup.report.outcome")).isEqualTo("MIGRATED");
        assertThat(endpoint.<List<String>>json("$.startup.report.applied[*].version")).containsExactly("1", "2", "3");
        assertThat(endpoint.<List<Object>>json("$.runs")).hasSize(1);
        Map<String, Object> run = endpoint.json("$.runs[0]");
        assertThat(run).containsEntry("outcome", "MIGRATED").containsEntry("toVersion", "3").containsEntry("applied", 3)
                .containsKeys("id", "instance", "host", "startedAt", "durationMs", "lockWaitMs", "snapshotId")
                .doesNotContainKey("fromVersion");
        // The snapshot taken before the three migrations, with its manifest.
        assertThat(endpoint.<List<Object>>json("$.snapshots")).hasSize(1);
        Map<String, Object> snapshot = endpoint.json("$.snapshots[0]");
        assertThat(snapshot).containsEntry("id", run.get("snapshotId")).containsEntry("database", db.name())
                .containsEntry("format", "custom").containsEntry("targetVersion", "3").containsEntry("verified", true)
                .containsKeys("createdAt", "durationMs", "host", "serverVersion", "pgDumpVersion", "compression",
                        "file", "sizeBytes", "sha256", "tocEntries")
                .doesNotContainKey("fromVersion");
        // The manifest's fields: the archive by its name in the snapshot directory.
        assertThat(snapshot.get("file")).isEqualTo(run.get("snapshotId") + ".dump");
        assertThat(snapshots.resolve((String) snapshot.get("file"))).exists();
        assertThat(endpoint.<Map<String, Object>>json("$.status").keySet()).containsExactly("state", "health",
                "currentVersion", "targetVersion", "pendingCount", "pending", "lastRun", "checkedAt");
        assertThat(endpoint.body()).doesNotContain(db.password()).doesNotContain("null");
    }

    @Test
    void endpointIsReadOnly() {
        assertThat(app.context().getBean(LockstepEndpoint.class).getClass().getDeclaredMethods())
                .filteredOn(method -> method.isAnnotationPresent(
                        org.springframework.boot.actuate.endpoint.annotation.WriteOperation.class)
                        || method.isAnnotationPresent(
                                org.springframework.boot.actuate.endpoint.annotation.DeleteOperation.class))
                .isEmpty();
    }
}
