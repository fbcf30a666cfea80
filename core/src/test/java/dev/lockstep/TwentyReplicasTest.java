package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.embedded.process.JavaProcess;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README promises: twenty replicas, each in its own JVM, released at the same moment onto one empty
 * database. Exactly one applies the migrations (after the one snapshot), the nineteen others wait and find the work
 * done. Run once per build, against the newest Flyway (the surefire run against the oldest skips it: twenty JVMs
 * are the most expensive test here; ConcurrencyTest's threads cover that Flyway).
 */
@PostgresTest
class TwentyReplicasTest {
    private static final int REPLICAS = 20;
    private static final Duration PATIENCE = Duration.ofMinutes(4);

    private final TestDatabase db;
    @TempDir
    Path dir;
    @TempDir
    Path snapshots;

    TwentyReplicasTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void twentyJvmsStartedTogetherApplyEachMigrationOnce() {
        Migrations migrations = Migrations.standard(dir)
                .add("V4__backfill.sql", "SELECT pg_sleep(0.5); ALTER TABLE customers ADD COLUMN email text;")
                .add("V5__invoices.sql", "CREATE TABLE invoices (id bigint PRIMARY KEY);");
        List<JavaProcess> replicas = new ArrayList<>();
        try {
            for (int i = 0; i < REPLICAS; i++) {
                String name = "jvm-" + i;
                // Small JVMs: twenty of them share two cores with the test.
                replicas.add(JavaProcess.builder(ReplicaMain.class).name(name)
                        .jvmArgs("-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
                        .env("REPLICA_PASSWORD", db.password())
                        .env("LOCKSTEP_SNAPSHOT_DIRECTORY", snapshots.toString())
                        .args(db.jdbcUrl(), db.user(), migrations.location(), name, "--together").start());
            }
            JavaProcess.startTogether(replicas, PATIENCE);

            List<String> reports = new ArrayList<>();
            for (JavaProcess replica : replicas) {
                assertThat(replica.waitFor(PATIENCE)).as(replica.output()).isZero();
                reports.add(replica.output().lines().filter(l -> l.startsWith("REPORT ")).findFirst().orElseThrow());
            }

            assertThat(reports).hasSize(REPLICAS).allMatch(r -> r.contains("state=UP_TO_DATE status=UP_TO_DATE"));
            assertThat(reports).filteredOn(r -> r.startsWith("REPORT MIGRATED applied=5")).singleElement()
                    .satisfies(r -> assertThat(r).containsPattern("snapshot=lockstep-[a-z0-9_]+-\\d{8}t\\d{6}z-v0-to-v5$"));
            assertThat(reports).filteredOn(r -> r.startsWith("REPORT UP_TO_DATE applied=0")).hasSize(REPLICAS - 1)
                    .allMatch(r -> r.endsWith("snapshot=none"));
            assertThat(snapshots.toFile().list((directory, name) -> name.endsWith(".dump")))
                    .as("exactly one snapshot: the instance that migrated took it").hasSize(1);
            assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history")).isEqualTo(5);
            assertThat(db.queryLong("SELECT count(DISTINCT version) FROM flyway_schema_history WHERE success"))
                    .isEqualTo(5);
            assertThat(db.queryString("SELECT string_agg(outcome, ',') FROM lockstep_runs")).isEqualTo("MIGRATED");
        } finally {
            replicas.forEach(JavaProcess::killHard);
        }
    }
}
