package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.embedded.process.JavaProcess;
import dev.lockstep.internal.lock.LockKey;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replica in a separate JVM killed with SIGKILL in the middle of a migration; twenty started together: {@link TwentyReplicasTest}. */
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
    void aReplicaKilledInTheMiddleOfAMigrationLeavesNothingStuck() {
        Migrations migrations = Migrations.in(dir)
                .add("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);");
        migrations.lockstep(db).instanceName("first").build().migrate();
        migrations.add("V2__orders.sql", "SELECT pg_sleep(4); CREATE TABLE orders (id bigint PRIMARY KEY,"
                        + " customer_id bigint NOT NULL REFERENCES customers (id));")
                .add("V3__orders_by_customer.sql", "CREATE INDEX orders_by_customer ON orders (customer_id);");
        JavaProcess doomed = replica(migrations, "doomed");
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

    private JavaProcess replica(Migrations migrations, String name) {
        return JavaProcess.builder(ReplicaMain.class).name(name)
                .env("REPLICA_PASSWORD", db.password())
                .env("LOCKSTEP_SNAPSHOT_DIRECTORY", snapshots.toString())
                .args(db.jdbcUrl(), db.user(), migrations.location(), name).start();
    }
}
