package dev.lockstep;

import static dev.lockstep.LockstepSettings.SNAPSHOT_DIRECTORY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot before migrating: when it is taken, what its files and manifest hold, who may read them. */
@PostgresTest
class SnapshotTest {
    private final TestDatabase db;
    @TempDir
    Path dir;
    @TempDir
    Path root;
    Path snapshots;

    SnapshotTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        snapshots = root.resolve("snapshots");
    }

    @Test
    void aRunWithPendingMigrationsTakesAVerifiedSnapshotAndARestartTakesNone() throws Exception {
        Migrations migrations = Migrations.standard(dir);
        MigrationReport first = migrations.withSnapshots(db, snapshots).appVersion("1.4.2").build().migrate();

        Snapshot snapshot = first.snapshot();
        assertThat(snapshot).isNotNull();
        assertThat(first.snapshotFailure()).isNull();
        assertThat(snapshot.id()).matches("lockstep-" + db.name() + "-\\d{8}t\\d{6}z-v0-to-v3");
        assertThat(snapshot.file()).isEqualTo(snapshots.resolve(snapshot.id() + ".dump").toAbsolutePath());
        assertThat(snapshot.verified()).isTrue();
        assertThat(snapshot.sizeBytes()).isEqualTo(Files.size(snapshot.file()));
        assertThat(snapshot.sha256()).isEqualTo(sha256(snapshot.file()));
        assertThat(db.queryString("SELECT snapshot_id FROM lockstep_runs")).isEqualTo(snapshot.id());

        MigrationReport restart = migrations.withSnapshots(db, snapshots).build().migrate();
        assertThat(restart.outcome()).isEqualTo(Outcome.UP_TO_DATE);
        assertThat(restart.snapshot()).isNull();
        assertThat(snapshots.toFile().list()).containsExactlyInAnyOrder(snapshot.id() + ".dump", snapshot.id() + ".json");
    }

    @Test
    void theManifestDescribesTheSnapshotAndListingReadsItBack() throws Exception {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        migrations.add("V4__customer_email.sql", "ALTER TABLE customers ADD COLUMN email text;");
        Lockstep lockstep = migrations.withSnapshots(db, snapshots).appVersion("2.0.0").build();

        Snapshot taken = lockstep.migrate().snapshot();

        assertThat(taken).isNotNull();
        assertThat(lockstep.snapshots().list()).containsExactly(taken);
        assertThat(taken.database()).isEqualTo(db.name());
        assertThat(taken.host()).isNotBlank().doesNotContain(db.password());
        assertThat(taken.serverVersion()).startsWith(db.queryString("SELECT current_setting('server_version')"));
        assertThat(taken.pgDumpVersion()).startsWith("pg_dump (PostgreSQL) ");
        assertThat(taken.format()).isEqualTo("custom");
        assertThat(taken.compression()).isEqualTo("gzip:1");
        assertThat(taken.fromVersion()).isEqualTo("3");
        assertThat(taken.targetVersion()).isEqualTo("4");
        assertThat(taken.appVersion()).isEqualTo("2.0.0");
        assertThat(taken.tocEntries()).isGreaterThan(5);
        assertThat(taken.duration()).isPositive();
        String manifest = Files.readString(snapshots.resolve(taken.id() + ".json"));
        assertThat(manifest).contains("\"id\": \"" + taken.id() + "\"", "\"createdAt\": \"", "\"durationMs\": ",
                "\"database\": \"" + db.name() + "\"", "\"host\": ", "\"serverVersion\": ", "\"pgDumpVersion\": ",
                "\"format\": \"custom\"", "\"compression\": \"gzip:1\"", "\"fromVersion\": \"3\"",
                "\"targetVersion\": \"4\"", "\"appVersion\": \"2.0.0\"", "\"file\": \"" + taken.id() + ".dump\"",
                "\"sizeBytes\": " + taken.sizeBytes(), "\"sha256\": \"" + taken.sha256() + "\"",
                "\"tocEntries\": " + taken.tocEntries(), "\"verified\": true");
        assertThat(manifest).doesNotContain(db.password());
    }

    @Test
    void snapshotFilesAreReadableByTheirOwnerOnly() throws Exception {
        Snapshot snapshot = Migrations.standard(dir).withSnapshots(db, snapshots).build().migrate().snapshot();

        assertThat(snapshot).isNotNull();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshots))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshot.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                snapshots.resolve(snapshot.id() + ".json")))).isEqualTo("rw-------");
    }

    @Test
    void aSnapshotOnDemandHoldsTheCurrentVersion() {
        Migrations migrations = Migrations.standard(dir);
        Lockstep lockstep = migrations.withSnapshots(db, snapshots).build();
        lockstep.migrate();

        Snapshot onDemand = lockstep.snapshots().take();

        assertThat(onDemand.id()).endsWith("-v3-to-v3");
        assertThat(lockstep.snapshots().list()).hasSize(2).first().isEqualTo(onDemand);
    }

    @Test
    void withSnapshotsDisabledNoPgDumpRuns() {
        MigrationReport report = Migrations.standard(dir).lockstep(db).set(SNAPSHOT_DIRECTORY, snapshots).build()
                .migrate();

        assertThat(report.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(report.snapshot()).isNull();
        assertThat(report.snapshotFailure()).isNull();
        assertThat(snapshots).doesNotExist();
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            digest.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

}
