package dev.lockstep.quarkus.deployment;

import static io.restassured.RestAssured.when;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code quarkus.lockstep.health.enabled=false} leaves the readiness check out; the run still happens. */
class HealthDisabledTest {
    static final TestPostgres DB = TestPostgres.forTest("health_disabled");

    @RegisterExtension
    static final QuarkusUnitTest APP = DB.configure(new QuarkusUnitTest())
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class)
                    .addAsResource("db/basic/V1__create_greeting.sql", "db/migration/V1__create_greeting.sql"))
            .overrideConfigKey("quarkus.lockstep.health.enabled", "false");

    @Test
    void readinessHasNoLockstepCheck() {
        when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", not(hasItem("lockstep")));
        org.assertj.core.api.Assertions.assertThat(DB.queryColumn("SELECT outcome FROM lockstep_runs"))
                .containsExactly("MIGRATED");
    }
}
