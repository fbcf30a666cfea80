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
        String body = when().get("/q/health/ready").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.name", hasItem("lockstep"))
                .extract().asString();

        Map<String, Object> data = JsonPath.from(body).getMap("checks.find { it.name == 'lockstep' }.data");
        assertThat(JsonPath.from(body).getString("checks.find { it.name == 'lockstep' }.status")).isEqualTo("UP");
        assertThat(data).containsEntry("state", "UP_TO_DATE").containsEntry("health", "up")
                .containsEntry("currentVersion", "3").containsEntry("targetVersion", "3")
                .containsEntry("pendingCount", 0);
        assertThat(body).doesNotContain(DB.password()).doesNotContain(DB.jdbcUrl());
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
