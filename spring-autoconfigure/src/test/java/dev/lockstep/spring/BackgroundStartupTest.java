package dev.lockstep.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lockstep.startup=background} while another instance holds the migration lock: the context starts at once,
 * liveness is UP, readiness is OUT_OF_SERVICE naming the holder, and turns UP only once the holder lets go and this
 * instance's run has completed.
 */
@PostgresTest
class BackgroundStartupTest {
    private static final long LOCK_KEY = 73_519_004L;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final TestDatabase db;

    BackgroundStartupTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void readinessWaitsForTheLockHolderThenForTheRun(@TempDir Path snapshots) throws Exception {
        try (Connection otherInstance = db.connect(); Statement statement = otherInstance.createStatement()) {
            statement.execute("SET application_name = 'other-instance'");
            statement.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");

            try (TestApplication app = TestApplication.start(TestProperties.of(db, snapshots,
                    "lockstep.startup=background", "lockstep.lock.key=" + LOCK_KEY))) {
                // The context is up although the run cannot even take the lock.
                TestApplication.Response waiting = app.await("/actuator/health/lockstep",
                        r -> r.body().contains("\"lockHolder\""), PATIENCE);
                assertThat(waiting.<String>json("$.details.state")).isEqualTo("WAITING_FOR_LOCK");
                assertThat(waiting.<String>json("$.status")).isEqualTo("OUT_OF_SERVICE");
                assertThat(waiting.<String>json("$.details.lockHolder.applicationName")).isEqualTo("other-instance");
                assertThat(waiting.<Map<String, Object>>json("$.details.lockHolder").keySet()).containsExactly("pid",
                        "applicationName", "clientAddress", "state", "backendStart", "waitedMs");
                assertThat(waiting.<String>json("$.details.startup")).isEqualTo("background, running");
                TestApplication.Response readiness = app.get("/actuator/health/readiness");
                assertThat(readiness.status()).isEqualTo(503);
                assertThat(readiness.<String>json("$.status")).isEqualTo("OUT_OF_SERVICE");
                assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'flyway_schema_history'"))
                        .isZero();

                TestApplication.Response liveness = app.get("/actuator/health/liveness");
                assertThat(liveness.status()).isEqualTo(200);
                assertThat(liveness.<String>json("$.status")).isEqualTo("UP");

                statement.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");

                TestApplication.Response ready = app.await("/actuator/health/readiness", r -> r.status() == 200, PATIENCE);
                assertThat(ready.<String>json("$.status")).isEqualTo("UP");
                TestApplication.Response lockstep = app.get("/actuator/health/lockstep");
                assertThat(lockstep.<String>json("$.details.state")).isEqualTo("UP_TO_DATE");
                assertThat(lockstep.<String>json("$.details.startup")).isEqualTo("background, succeeded");
                assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(3);
            }
        }
    }
}
