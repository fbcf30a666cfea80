package dev.lockstep.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample as it ships: the executable jar Spring Boot's plugin packaged ({@code java -jar target/orders.jar}),
 * started in processes of its own, on its throwaway PostgreSQL and, several replicas at once, on a database of
 * ours given through {@code SPRING_DATASOURCE_*}.
 */
@PostgresTest
class PackagedJarIT {
    private static final int REPLICAS = 5;
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private final TestDatabase db;
    @TempDir
    Path snapshots;

    PackagedJarIT(TestDatabase db) {
        this.db = db;
    }

    @Test
    void withoutSpringDatasourceUrlItMigratesItsThrowawayPostgresqlAndServes() {
        try (PackagedSample sample = PackagedSample.start("embedded-default",
                Map.of("LOCKSTEP_SNAPSHOT_DIRECTORY", snapshots.toString()))) {
            Http http = sample.awaitReady(PATIENCE);

            Http.Response health = http.get("/actuator/health");
            assertThat(health.status()).as(health.body()).isEqualTo(200);
            assertThat(health.<String>json("$.components.lockstep.status")).isEqualTo("UP");
            assertThat(health.<String>json("$.components.lockstep.details.state")).isEqualTo("UP_TO_DATE");
            assertThat(health.<String>json("$.components.lockstep.details.currentVersion")).isEqualTo("6");
            assertThat(health.<String>json("$.components.lockstep.details.lastRun.outcome")).isEqualTo("MIGRATED");
            assertThat(http.await("/actuator/health/readiness", r -> r.status() == 200, Duration.ofSeconds(10))
                    .<String>json("$.status")).isEqualTo("UP");
            assertThat(http.get("/actuator/health/liveness").<String>json("$.status")).isEqualTo("UP");

            Http.Response customer = http.post("/customers", "{\"email\":\"grace@example.com\",\"name\":\"Grace\"}");
            assertThat(customer.status()).as(customer.body()).isEqualTo(201);
            int customerId = customer.json("$.id");
            Http.Response order = http.post("/orders",
                    "{\"customerId\":" + customerId + ",\"lines\":[{\"productId\":2,\"quantity\":3}]}");
            assertThat(order.status()).as(order.body()).isEqualTo(201);
            assertThat(order.<String>json("$.status")).isEqualTo("placed");
            assertThat(order.<Integer>json("$.totalCents")).isEqualTo(7500);
            assertThat(http.post("/orders", "{\"customerId\":" + customerId
                    + ",\"lines\":[{\"productId\":99,\"quantity\":1}]}").status()).isEqualTo(400);

            assertThat(sample.output()).contains("No SPRING_DATASOURCE_URL: using a throwaway PostgreSQL")
                    .contains("migrated <empty> -> V6").doesNotContainIgnoringCase("password=");
        }
    }

    @Test
    void replicasStartedTogetherOnOneDatabaseApplyEachMigrationOnceAndAllBecomeReady() {
        List<PackagedSample> replicas = new ArrayList<>();
        try {
            for (int i = 1; i <= REPLICAS; i++) {
                // The password in the environment, as a container platform passes it; never on a command line.
                replicas.add(PackagedSample.start("orders-" + i, Map.of(
                        "SPRING_DATASOURCE_URL", db.jdbcUrl(),
                        "SPRING_DATASOURCE_USERNAME", db.user(),
                        "SPRING_DATASOURCE_PASSWORD", db.password(),
                        "LOCKSTEP_SNAPSHOT_DIRECTORY", snapshots.toString())));
            }
            for (PackagedSample replica : replicas) {
                Http http = replica.awaitReady(PATIENCE);
                Http.Response ready = http.await("/actuator/health/readiness", r -> r.status() == 200, PATIENCE);
                assertThat(ready.<String>json("$.status")).isEqualTo("UP");
                assertThat(http.get("/actuator/lockstep").<String>json("$.startup.phase")).isEqualTo("SUCCEEDED");
            }

            assertThat(db.queryColumn("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                    .containsExactly("1", "2", "3", "4", "5", "6");
            assertThat(db.queryColumn("SELECT outcome || ' ' || applied FROM lockstep_runs"))
                    .as("one replica migrated; the others found the work done").containsExactly("MIGRATED 6");
            assertThat(replicas).filteredOn(replica -> replica.output().contains("migrated <empty> -> V6"))
                    .hasSize(1);
            assertThat(replicas).allSatisfy(replica -> assertThat(replica.output()).doesNotContain(db.password()));
        } finally {
            replicas.forEach(PackagedSample::close);
        }
    }
}
