package dev.lockstep.quarkus.deployment;

import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An application rolled back onto a newer schema: the database has V1 to V3, the application ships V1 only. With
 * {@code quarkus.lockstep.health.ahead-of-app=down} the readiness check is DOWN and says why.
 */
class AheadOfAppReadinessTest {
    static final TestPostgres DB = TestPostgres.forTest("ahead_of_app", db -> Flyway.configure()
            .dataSource(db.jdbcUrl(), db.user(), db.password())
            .locations("classpath:db/basic")
            .load()
            .migrate());

    @RegisterExtension
    static final QuarkusUnitTest APP = DB.configure(new QuarkusUnitTest())
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class)
                    .addAsResource("db/basic/V1__create_greeting.sql", "db/migration/V1__create_greeting.sql"))
            .overrideConfigKey("quarkus.lockstep.health.ahead-of-app", "down");

    @Test
    void readinessIsDownWithTheReason() {
        String body = when().get("/q/health/ready").then().statusCode(503).extract().asString();

        assertThat(JsonPath.from(body).getString("checks.find { it.name == 'lockstep' }.status")).isEqualTo("DOWN");
        Map<String, Object> data = JsonPath.from(body).getMap("checks.find { it.name == 'lockstep' }.data");
        assertThat(data).containsEntry("state", "AHEAD_OF_APP").containsEntry("health", "DOWN")
                .containsEntry("currentVersion", "3").containsEntry("targetVersion", "1")
                .containsKey("message");
    }
}
