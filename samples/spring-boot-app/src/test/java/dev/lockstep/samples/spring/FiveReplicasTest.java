package dev.lockstep.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.embedded.process.JavaProcess;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five replicas of the sample, each in its own JVM, released at the same moment onto one empty database: every
 * migration is applied exactly once, by one of them, and all five become ready.
 */
@PostgresTest
class FiveReplicasTest {
    private static final int REPLICAS = 5;
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Pattern PORT = Pattern.compile("^PORT=(\\d+)$", Pattern.MULTILINE);

    private final TestDatabase db;

    FiveReplicasTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void everyMigrationIsAppliedOnceAndEveryReplicaBecomesReady(@TempDir java.nio.file.Path snapshots) {
        List<JavaProcess> replicas = IntStream.rangeClosed(1, REPLICAS).mapToObj(i -> JavaProcess
                .builder(ReplicaMain.class).name("orders-" + i).jvmArgs("-Xmx256m", "-XX:TieredStopAtLevel=1")
                .env("SPRING_DATASOURCE_URL", db.jdbcUrl())
                .env("SPRING_DATASOURCE_USERNAME", db.user())
                .env("SPRING_DATASOURCE_PASSWORD", db.password())
                .env("LOCKSTEP_SNAPSHOT_DIRECTORY", snapshots.toString())
                .start()).toList();
        try {
            JavaProcess.startTogether(replicas, PATIENCE);
            List<Http> running = new ArrayList<>();
            for (JavaProcess replica : replicas) {
                assertThat(replica.awaitOutput("^PORT=\\d+$", PATIENCE)).as(replica.output()).isTrue();
                Matcher port = PORT.matcher(replica.output());
                assertThat(port.find()).isTrue();
                running.add(new Http(Integer.parseInt(port.group(1))));
            }
            for (Http replica : running) {
                Http.Response ready = replica.await("/actuator/health/readiness", r -> r.status() == 200, PATIENCE);
                assertThat(ready.<String>json("$.status")).isEqualTo("UP");
                assertThat(replica.get("/actuator/lockstep").<String>json("$.startup.phase")).isEqualTo("SUCCEEDED");
            }

            assertThat(db.queryColumn("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                    .containsExactly("1", "2", "3", "4", "5", "6");
            assertThat(db.queryColumn("SELECT outcome || ' ' || applied FROM lockstep_runs"))
                    .as("one replica migrated; the others found the work done").containsExactly("MIGRATED 6");
        } finally {
            replicas.forEach(JavaProcess::killHard);
        }
    }
}
