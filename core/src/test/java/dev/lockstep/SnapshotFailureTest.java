package dev.lockstep;

import static dev.lockstep.LockstepSettings.SNAPSHOT_PG_DUMP_PATH;
import static dev.lockstep.LockstepSettings.SNAPSHOT_REQUIRED;
import static dev.lockstep.LockstepSettings.SNAPSHOT_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot that cannot be taken: each failure says what to fix, and with {@code snapshot.required=true} no
 * migration is applied. The schema starts at V1; every run here has V2 pending.
 */
@PostgresTest
class SnapshotFailureTest {
    private static final String NO_SPACE = "echo 'pg_dump: error: could not write to output file: No space left on"
            + " device' >&2; exit 1";

    private final TestDatabase db;
    @TempDir
    Path dir;
    @TempDir
    Path root;
    Migrations migrations;
    Path snapshots;

    SnapshotFailureTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void schemaAtV1() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        migrations = Migrations.in(dir).add("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);");
        migrations.lockstep(db).build().migrate();
        migrations.add("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);");
        snapshots = root.resolve("snapshots");
    }

    @Test
    void aMissingPgDumpStopsTheRunBeforeAnyMigration() {
        Path missing = root.resolve("no-client/pg_dump");

        assertThatThrownBy(() -> migrations.withSnapshots(db, snapshots).set(SNAPSHOT_PG_DUMP_PATH, missing).build()
                .migrate())
                .isInstanceOf(SnapshotFailedException.class)
                .hasMessageContaining("No migration was applied because the snapshot before migrating failed")
                .hasMessageContaining("snapshot.pg-dump-path=" + missing + " is not an executable file")
                .hasMessageContaining("install the PostgreSQL client (postgresql-client-<server major version>");
        assertNothingApplied();
        assertThat(db.queryString("SELECT outcome || ': ' || error FROM lockstep_runs ORDER BY id DESC LIMIT 1"))
                .startsWith("FAILED: ").contains("is not an executable file");
    }

    @Test
    void aPgDumpOlderThanTheServerIsRefusedNamingTheClientPackage() {
        Path old = StandInPgDump.write(root.resolve("old-client"), "pg_dump (PostgreSQL) 11.22", "exit 1");
        int serverMajor = (int) db.queryLong("SELECT current_setting('server_version_num')::int / 10000");

        assertThatThrownBy(() -> migrations.withSnapshots(db, snapshots).set(SNAPSHOT_PG_DUMP_PATH, old).build()
                .migrate())
                .isInstanceOf(SnapshotFailedException.class)
                .hasMessageContaining("is version 11 (pg_dump (PostgreSQL) 11.22) but the server runs PostgreSQL")
                .hasMessageContaining("Install postgresql-client-" + serverMajor)
                .hasMessageContaining("or set snapshot.pg-dump-path to a pg_dump " + serverMajor + " or newer");
        assertNothingApplied();
    }

    @Test
    void anUnwritableDirectoryIsRefusedNamingTheSetting() {
        Path unwritable = Path.of("/proc/lockstep-snapshots");

        assertThatThrownBy(() -> migrations.withSnapshots(db, unwritable).build().migrate())
                .isInstanceOf(SnapshotFailedException.class)
                .hasMessageContaining("snapshot.directory=/proc/lockstep-snapshots cannot hold snapshots")
                .hasMessageContaining("Point snapshot.directory at a writable directory");
        assertNothingApplied();
    }

    @Test
    void aFullDiskIsReportedWithItsFixAndLeavesNoFilesBehind() throws Exception {
        Path full = StandInPgDump.write(root.resolve("full-disk"), "", NO_SPACE);

        assertThatThrownBy(() -> migrations.withSnapshots(db, snapshots).set(SNAPSHOT_PG_DUMP_PATH, full).build()
                .migrate())
                .isInstanceOf(SnapshotFailedException.class)
                .hasMessageContaining("pg_dump failed (exit code 1): pg_dump: error: could not write to output file:"
                        + " No space left on device")
                .hasMessageContaining("The disk under snapshot.directory is full: free space there, lower"
                        + " snapshot.keep, or mount a larger volume");
        assertNothingApplied();
        try (var files = Files.list(snapshots)) {
            assertThat(files).as("no partial archive and no password file are left").isEmpty();
        }
    }

    @Test
    void whenNotRequiredAFailedSnapshotWarnsAndTheRunMigrates() {
        Path full = StandInPgDump.write(root.resolve("full-disk"), "", NO_SPACE);

        MigrationReport report = migrations.withSnapshots(db, snapshots).set(SNAPSHOT_PG_DUMP_PATH, full)
                .set(SNAPSHOT_REQUIRED, false).build().migrate();

        assertThat(report.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(report.snapshot()).isNull();
        assertThat(report.snapshotFailure()).contains("No space left on device");
        assertThat(db.queryString("SELECT outcome || ': ' || error FROM lockstep_runs ORDER BY id DESC LIMIT 1"))
                .startsWith("MIGRATED: No snapshot (snapshot.required=false): pg_dump failed (exit code 1)");
        assertThat(db.queryString("SELECT to_regclass('orders')::text")).isEqualTo("orders");
    }

    @Test
    void anExpiredTimeoutStopsPgDumpAndItsServerSession() throws Exception {
        try (Connection blocker = db.connect(); Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE"); // pg_dump now waits for its lock

            assertThatThrownBy(() -> migrations.withSnapshots(db, snapshots)
                    .set(SNAPSHOT_TIMEOUT, Duration.ofSeconds(2))
                    .build().migrate())
                    .isInstanceOf(SnapshotFailedException.class)
                    .hasMessageContaining("pg_dump did not finish within snapshot.timeout=2s")
                    .hasMessageContaining("it was stopped and its server session ended. Raise snapshot.timeout");

            assertThat(untilNoDumpSession()).as("pg_dump's server session is gone").isZero();
            blocker.rollback();
        }
        assertNothingApplied();
        try (var files = Files.list(snapshots)) {
            assertThat(files).as("no partial archive is left").isEmpty();
        }
    }

    /** pg_terminate_backend only signals; the session leaves pg_stat_activity a moment later. */
    private long untilNoDumpSession() {
        String sql = "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'lockstep-snapshot-%'";
        return Awaitility.await("pg_dump's session to end").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).until(() -> db.queryLong(sql), sessions -> sessions == 0);
    }

    private void assertNothingApplied() {
        assertThat(db.queryColumn("SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                .containsExactly("1");
        assertThat(db.queryString("SELECT to_regclass('orders')::text")).isNull();
    }
}
