package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.embedded.process.JavaProcess;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed with SIGKILL while its pg_dump runs: no shutdown hook runs, yet pg_dump does not outlive it, and the
 * password file it leaves is removed by the next Lockstep that starts on the host. The replica runs in its own JVM
 * with a stand-in pg_dump that records its PID and then becomes the real pg_dump, which waits for a table lock the
 * test holds.
 */
@PostgresTest
class SnapshotKilledJvmTest {
    private final TestDatabase db;
    @TempDir
    Path dir;
    @TempDir
    Path root;
    Path snapshots;
    Migrations migrations;

    SnapshotKilledJvmTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void schemaAtV1WithV2Pending() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        migrations = Migrations.in(dir).add("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);");
        migrations.lockstep(db).build().migrate();
        migrations.add("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);");
        snapshots = root.resolve("snapshots");
    }

    @Test
    void pgDumpDiesWithItsJvmAndTheNextStartRemovesThePasswordFile() throws Exception {
        Path pidFile = root.resolve("pg_dump.pid");
        Path pgDump = StandInPgDump.write(root.resolve("bin"), "", "echo $$ > " + pidFile + "\nexec "
                + StandInPgDump.real("pg_dump") + " \"$@\"");
        try (Connection blocker = db.connect(); Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE"); // pg_dump waits for it
            JavaProcess replica = JavaProcess.builder(ReplicaMain.class).name("killed-during-dump")
                    .env("REPLICA_PASSWORD", db.password())
                    .env("LOCKSTEP_SNAPSHOT_DIRECTORY", snapshots.toString())
                    .env("LOCKSTEP_SNAPSHOT_PG_DUMP_PATH", pgDump.toString())
                    .args(db.jdbcUrl(), db.user(), migrations.location(), "killed-during-dump").start();
            long dumpPid = Awaitility.await("the stand-in pg_dump to start").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50)).until(() -> pidIn(pidFile), pid -> pid > 0);
            Awaitility.await("pg_dump waiting for the table lock").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).until(() -> db.queryLong("SELECT count(*) FROM pg_stat_activity"
                            + " WHERE application_name LIKE 'lockstep-snapshot-%' AND wait_event_type = 'Lock'") == 1);
            assertThat(running(dumpPid)).as("pg_dump runs").isTrue();
            List<Path> passfiles = passfiles();
            assertThat(passfiles).as("the dump's password file").hasSize(1);

            replica.killHard();

            Awaitility.await("pg_dump to end with its JVM").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20)).until(() -> !running(dumpPid));
            assertThat(passfiles.get(0)).as("nobody has removed it yet").exists();
            blocker.rollback();
        }

        migrations.withSnapshots(db, snapshots).build();

        assertThat(passfiles()).as("removed by the next start on this host").isEmpty();
        assertThat(db.queryString("SELECT to_regclass('orders')::text")).as("nothing was migrated").isNull();
    }

    @Test
    void aPasswordFileOfALiveProcessStays() throws Exception {
        Path pidFile = root.resolve("pg_dump.pid");
        Path pgDump = StandInPgDump.write(root.resolve("bin"), "", "echo $$ > " + pidFile + "\nexec "
                + StandInPgDump.real("pg_dump") + " \"$@\"");
        try (Connection blocker = db.connect(); Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE");
            JavaProcess replica = JavaProcess.builder(ReplicaMain.class).name("alive-during-dump")
                    .env("REPLICA_PASSWORD", db.password())
                    .env("LOCKSTEP_SNAPSHOT_DIRECTORY", snapshots.toString())
                    .env("LOCKSTEP_SNAPSHOT_PG_DUMP_PATH", pgDump.toString())
                    .args(db.jdbcUrl(), db.user(), migrations.location(), "alive-during-dump").start();
            Awaitility.await("the stand-in pg_dump to start").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50)).until(() -> pidIn(pidFile), pid -> pid > 0);
            assertThat(passfiles()).hasSize(1);

            migrations.withSnapshots(db, snapshots).build();

            assertThat(passfiles()).as("its process still runs").hasSize(1);
            blocker.rollback();
            assertThat(replica.waitFor(Duration.ofSeconds(60))).as(replica.output()).isZero();
        }
        assertThat(passfiles()).as("deleted by its own process").isEmpty();
    }

    private List<Path> passfiles() throws IOException {
        try (Stream<Path> files = Files.list(snapshots)) {
            return files.filter(f -> f.getFileName().toString().startsWith(".lockstep-pgpass-")).toList();
        }
    }

    private static long pidIn(Path file) throws IOException {
        String text = Files.exists(file) ? Files.readString(file).strip() : "";
        return text.isEmpty() ? 0 : Long.parseLong(text);
    }

    /** Whether the process exists and is not a zombie (one nobody has reaped is gone in every way that matters). */
    private static boolean running(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String text = Files.readString(stat);
            return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }
}
