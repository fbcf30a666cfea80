package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.embedded.process.JavaProcess;
import dev.lockstep.internal.lock.LockKey;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replicas as separate JVMs: started together, and one killed with SIGKILL in the middle of a migration. */
@PostgresTest
class MultiProcessTest {
    private final TestDatabase db;
    @TempDir
    Path dir;
    @TempDir
    Path snapshots;

    MultiProcessTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void fiveJvmsStartedTogetherApplyEachMigrationOnce() {
        Migrations migrations = Migrations.standard(dir)
                .add("V4__backfill.sql", "SELECT pg_sleep(0.5); ALTER TABLE customers ADD COLUMN email text;")
                .add("V5__invoices.sql", "CREATE TABLE invoices (id bigint PRIMARY KEY);");
        List<JavaProcess> replicas = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            replicas.add(replica(migrations, "jvm-" + i, true));
        }
        JavaProcess.startTogether(replicas, Duration.ofSeconds(60));

        List<String> reports = new ArrayList<>();
        for (JavaProcess replica : replicas) {
            assertThat(replica.waitFor(Duration.ofSeconds(120))).as(replica.output()).isZero();
            reports.add(replica.output().lines().filter(l -> l.startsWith("REPORT ")).findFirst().orElseThrow());
        }

        assertThat(reports).allMatch(r -> r.contains("state=UP_TO_DATE status=UP_TO_DATE"));
        assertThat(reports).filteredOn(r -> r.startsWith("REPORT MIGRATED applied=5")).singleElement()
                .satisfies(r -> assertThat(r).containsPattern("snapshot=lockstep-[a-z0-9_]+-\\d{8}t\\d{6}z-v0-to-v5$"));
        assertThat(reports).filteredOn(r -> r.startsWith("REPORT UP_TO_DATE applied=0")).hasSize(4)
                .allMatch(r -> r.endsWith("snapshot=none"));
        assertThat(snapshots.toFile().list((directory, name) -> name.endsWith(".dump")))
                .as("exactly one snapshot: the instance that migrated took it").hasSize(1);
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history")).isEqualTo(5);
        assertThat(db.queryLong("SELECT count(DISTINCT version) FROM flyway_schema_history WHERE success")).isEqualTo(5);
        assertThat(db.queryString("SELECT string_agg(outcome, ',') FROM lockstep_runs")).isEqualTo("MIGRATED");
    }

    @Test
    void aReplicaKilledInTheMiddleOfAMigrationLeavesNothingStuck() {
        Migrations migrations = Migrations.in(dir)
                .add("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);");
        migrations.lockstep(db).instanceName("first").build().migrate();
        migrations.add("V2__orders.sql", "SELECT pg_sleep(4); CREATE TABLE orders (id bigint PRIMARY KEY,"
                        + " customer_id bigint NOT NULL REFERENCES customers (id));")
                .add("V3__orders_by_customer.sql", "CREATE INDEX orders_by_customer ON orders (customer_id);");
        JavaProcess doomed = replica(migrations, "doomed", false);
        assertThat(doomed.awaitOutput("STARTING 2", Duration.ofSeconds(60))).as(doomed.output()).isTrue();
        long lockKey = LockKey.derive(db.name(), "public", "flyway_schema_history");
        long doomedLocks = db.queryLong("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND a.application_name = 'lockstep:doomed'"
                + " AND ((l.classid::bigint << 32) | l.objid::bigint) = " + lockKey);
        assertThat(doomedLocks).as("the doomed replica holds the Lockstep lock").isEqualTo(1);

        doomed.killHard();

        MigrationReport next = migrations.lockstep(db).instanceName("survivor").build().migrate();
        assertThat(next.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(next.applied()).extracting(AppliedMigration::version).containsExactly("2", "3");
        assertThat(db.queryColumn("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                .containsExactly("1", "2", "3");
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE NOT success")).isZero();
        assertThat(db.queryColumn("SELECT instance || ' ' || outcome FROM lockstep_runs ORDER BY id"))
                .containsExactly("first MIGRATED", "doomed ABANDONED", "survivor MIGRATED");
        assertThat(db.queryLong("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).isZero();
    }

    private JavaProcess replica(Migrations migrations, String name, boolean together) {
        JavaProcess.Builder builder = JavaProcess.builder(ReplicaMain.class).name(name)
                .env("REPLICA_PASSWORD", db.password())
                .env("LOCKSTEP_SNAPSHOT_DIRECTORY", snapshots.toString());
        builder = together
                ? builder.args(db.jdbcUrl(), db.user(), migrations.location(), name, "--together")
                : builder.args(db.jdbcUrl(), db.user(), migrations.location(), name);
        return builder.start();
    }
}
