package dev.lockstep.quarkus.deployment;

import static dev.lockstep.LockstepSettings.SNAPSHOT_ENABLED;
import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.lockstep.quarkus.LockstepDataSources;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code quarkus.lockstep.health.enabled=false} leaves the readiness check out; the run still happens. The two
 * {@code *.enabled} keys below {@code quarkus.lockstep} (health and snapshot) reach their settings, though they
 * look like a datasource named "health" or "snapshot" to the configuration.
 */
class HealthDisabledTest {
    static final TestPostgres DB = TestPostgres.forTest("health_disabled");

    @RegisterExtension
    static final QuarkusUnitTest APP = DB.configure(new QuarkusUnitTest())
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class)
                    .addAsResource("db/basic/V1__create_greeting.sql", "db/migration/V1__create_greeting.sql"))
            .overrideConfigKey("quarkus.lockstep.health.enabled", "false")
            .overrideConfigKey("quarkus.lockstep.snapshot.enabled", "false");

    @Inject
    LockstepDataSources lockstep;

    @Test
    void readinessHasNoLockstepCheck() {
        when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", not(hasItem("lockstep")));
        assertThat(DB.queryColumn("SELECT outcome FROM lockstep_runs")).containsExactly("MIGRATED");
    }

    @Test
    void snapshotsAreOffAndNoneWasTaken() {
        var instance = lockstep.get("<default>").orElseThrow();

        assertThat(instance.settings().get(SNAPSHOT_ENABLED)).isFalse();
        assertThat(instance.snapshots().list()).isEmpty();
        assertThat(lockstep.all()).containsOnlyKeys("<default>");
    }
}
