package dev.lockstep.quarkus.deployment;

import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /q/health/ready} carries the {@code lockstep} check with the schema's status; the meters count the run. */
class ReadinessAndMetricsTest {
    static final TestPostgres DB = TestPostgres.forTest("readiness_and_metrics");

    @RegisterExtension
    static final QuarkusUnitTest APP = DB.configure(new QuarkusUnitTest())
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class, Registries.class)
                    .addAsResource("db/basic/V1__create_greeting.sql", "db/migration/V1__create_greeting.sql")
                    .addAsResource("db/basic/V2__seed_greeting.sql", "db/migration/V2__seed_greeting.sql")
                    .addAsResource("db/basic/V3__add_language.sql", "db/migration/V3__add_language.sql"));

    /** A registry that keeps what is recorded, so the test can read the counts. */
    @Singleton
    static class Registries {
        @Produces
        @Singleton
        SimpleMeterRegistry simple() {
            return new SimpleMeterRegistry();
        }
    }

    @Inject
    MeterRegistry registry;

    @Test
    void readinessHasTheLockstepCheckWithTheSchemaStatus() {
        Instant before = Instant.now();
        String body = when().get("/q/health/ready").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.name", hasItem("lockstep"))
                .extract().asString();

        Map<String, Object> data = JsonPath.from(body).getMap("checks.find { it.name == 'lockstep' }.data");
        assertThat(JsonPath.from(body).getString("checks.find { it.name == 'lockstep' }.status")).isEqualTo("UP");
        assertThat(data).containsEntry("state", "UP_TO_DATE").containsEntry("health", "UP")
                .containsEntry("currentVersion", "3").containsEntry("targetVersion", "3")
                .containsEntry("pendingCount", 0).containsEntry("pending", "")
                .containsEntry("lastRun.outcome", "MIGRATED").containsEntry("lastRun.toVersion", "3")
                .containsEntry("lastRun.applied", 3).containsEntry("lastRun.id", 1)
                .containsKeys("lastRun.instance", "lastRun.host", "lastRun.startedAt", "lastRun.durationMs",
                        "lastRun.lockWaitMs", "checkedAt");
        // Spring Boot's names, flat: exactly the fields of the core's status view that have a value.
        assertThat(data.keySet()).containsExactlyInAnyOrder("state", "health", "currentVersion", "targetVersion",
                "pendingCount", "pending", "lastRun.id", "lastRun.instance", "lastRun.host", "lastRun.appVersion",
                "lastRun.startedAt", "lastRun.durationMs", "lastRun.outcome", "lastRun.toVersion", "lastRun.applied",
                "lastRun.lockWaitMs", "lastRun.snapshotId", "checkedAt");
        assertThat(Instant.parse((String) data.get("checkedAt"))).isBetween(before, Instant.now());
        assertThat(data.values()).doesNotContainNull().doesNotContain("null");
        assertThat(body).doesNotContain(DB.password()).doesNotContain(DB.jdbcUrl()).doesNotContain("null");
    }

    @Test
    void theMetersCountTheRun() {
        assertThat(registry.get("lockstep.migrations.applied").tag("datasource", "default").counter().count())
                .isEqualTo(3.0);
        assertThat(registry.get("lockstep.run").tags("datasource", "default", "outcome", "migrated").timer().count())
                .isEqualTo(1L);
        assertThat(registry.get("lockstep.migrations.pending").tag("datasource", "default").gauge().value())
                .isEqualTo(0.0);
    }
}
