package dev.lockstep;

import static dev.lockstep.LockstepSettings.SNAPSHOT_PG_DUMP_PATH;
import static dev.lockstep.LockstepSettings.SNAPSHOT_VERIFY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archive whose table of contents reads but whose table data does not: {@code snapshot.verify=full} finds it, and
 * the message says what pg_restore found, what happened to the file, and which snapshot to use instead. The damage
 * is made inside a real archive, in the compressed data of a table with 20 000 rows.
 */
@PostgresTest
class DamagedArchiveTest {
    /** Overwrites 64 bytes in the middle of the archive named by pg_dump's --file=, after the real pg_dump wrote it. */
    private static final String DAMAGE = "for arg in \"$@\"; do case \"$arg\" in --file=*) file=\"${arg#--file=}\";;"
            + " esac; done\n"
            + "size=$(wc -c < \"$file\")\n"
            + "head -c 64 /dev/zero | tr '\\0' 'x' | dd of=\"$file\" bs=1 seek=$((size * 6 / 10)) conv=notrunc"
            + " 2>/dev/null\n";
    private final TestDatabase db;
    @TempDir
    Path dir;
    @TempDir
    Path root;
    Path snapshots;
    Migrations migrations;

    DamagedArchiveTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void customersWithData() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        migrations = Migrations.in(dir).add("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY,"
                + " name text NOT NULL); INSERT INTO customers SELECT g, md5(g::text) FROM generate_series(1, 20000) g;");
        migrations.lockstep(db).build().migrate();
        migrations.add("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);");
        snapshots = root.resolve("snapshots");
    }

    @Test
    void aDumpThatCannotBeReadBackIsDeletedAndTheMessageSaysSo() throws Exception {
        Path pgDump = StandInPgDump.write(root.resolve("bin"), "", StandInPgDump.real("pg_dump") + " \"$@\" || exit $?\n"
                + DAMAGE);

        assertThatThrownBy(() -> migrations.withSnapshots(db, snapshots).set(SNAPSHOT_PG_DUMP_PATH, pgDump)
                .set(SNAPSHOT_VERIFY, SnapshotVerify.FULL).build().migrate())
                .isInstanceOf(SnapshotFailedException.class)
                .satisfies(e -> assertThat(((LockstepException) e).code()).isEqualTo(ErrorCode.SNAPSHOT_INVALID))
                .hasMessageContaining("No migration was applied because the snapshot before migrating failed")
                .hasMessageContaining("-v1-to-v2, but reading it back failed: reading it through (snapshot.verify=full)"
                        + " failed: pg_restore: error: ")
                .hasMessageContaining("The partial archive was deleted, so no snapshot was kept. If this repeats, check"
                        + " the disk under snapshot.directory=" + snapshots)
                .hasMessageNotContaining("It is not kept");
        try (Stream<Path> files = Files.list(snapshots)) {
            assertThat(files).as("the damaged archive is gone, as the message says").isEmpty();
        }
        assertThat(db.queryString("SELECT to_regclass('orders')::text")).isNull();
    }

    @Test
    void verifyingADamagedSnapshotLeavesItInPlaceAndNamesThePreviousOne() throws Exception {
        Lockstep lockstep = migrations.withSnapshots(db, snapshots).set(SNAPSHOT_VERIFY, SnapshotVerify.FULL).build();
        Snapshot previous = lockstep.snapshots().take();
        Snapshot damaged = lockstep.migrate().snapshot();
        damageAsIfBeforeItWasHashed(damaged);

        assertThatThrownBy(() -> lockstep.snapshots().verify(damaged.id()))
                .isInstanceOf(SnapshotFailedException.class)
                .satisfies(e -> assertThat(((LockstepException) e).code()).isEqualTo(ErrorCode.SNAPSHOT_INVALID))
                .hasMessageStartingWith("Snapshot " + damaged.id() + " must not be restored: pg_restore cannot read its"
                        + " archive, although it matches the SHA-256 its manifest records: reading it through"
                        + " (snapshot.verify=full) failed: pg_restore: error: ")
                .hasMessageContaining("Its files are left as they are in snapshot.directory=" + snapshots
                        + ", for inspection. Restore the previous snapshot, " + previous.id() + " (taken "
                        + previous.createdAt() + "), instead.")
                .hasMessageNotContaining("not kept");
        assertThat(damaged.file()).as("left in place, as the message says").exists();
        assertThat(lockstep.snapshots().verify(previous.id())).isEqualTo(previous);
        assertThatThrownBy(() -> lockstep.snapshots().restore(damaged.id(), RestoreStyle.IN_PLACE, db.name()))
                .satisfies(e -> assertThat(((LockstepException) e).code()).isEqualTo(ErrorCode.SNAPSHOT_INVALID));
        assertThat(db.queryString("SELECT to_regclass('orders')::text")).as("the restore changed nothing")
                .isEqualTo("orders");
    }

    @Test
    void withoutAnEarlierSoundSnapshotTheMessageSaysToTakeANewOne() throws Exception {
        Lockstep lockstep = migrations.withSnapshots(db, snapshots).set(SNAPSHOT_VERIFY, SnapshotVerify.FULL).build();
        Snapshot damaged = lockstep.migrate().snapshot();
        damageAsIfBeforeItWasHashed(damaged);

        assertThatThrownBy(() -> lockstep.snapshots().verify(damaged.id()))
                .hasMessageEndingWith("No earlier snapshot of " + db.name() + " is sound: take a new one with"
                        + " Lockstep.snapshots().take() while the database is healthy.");
    }

    /** Damages the archive's table data and records its new SHA-256 in the manifest: damage before hashing. */
    private void damageAsIfBeforeItWasHashed(Snapshot snapshot) throws Exception {
        long size = Files.size(snapshot.file());
        try (RandomAccessFile file = new RandomAccessFile(snapshot.file().toFile(), "rw")) {
            file.seek(size * 6 / 10);
            file.write("x".repeat(64).getBytes());
        }
        Path manifest = snapshots.resolve(snapshot.id() + ".json");
        Files.writeString(manifest, Files.readString(manifest).replace(snapshot.sha256(),
                SnapshotTest.sha256(snapshot.file())));
    }
}
