package dev.lockstep;

import static dev.lockstep.LockstepSettings.SNAPSHOT_KEEP;
import static dev.lockstep.LockstepSettings.SNAPSHOT_MAX_AGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot directory holding what Lockstep did not write, or not like this: manifests that point elsewhere, name
 * another snapshot or database, cannot be read; links; another user's files. A manifest is data, never a path:
 * Lockstep acts only on plain files of its own user whose names it derives from a snapshot id, and lists what it
 * cannot trust as damaged. Every run here migrates with {@code snapshot.keep=1} and {@code snapshot.max-age=0s}, so
 * retention deletes every snapshot it may delete but the new one (an own old snapshot, planted as a control, goes).
 */
@PostgresTest
class SnapshotFilesTest {
    private final TestDatabase db;
    @TempDir
    Path dir;
    @TempDir
    Path root;
    Migrations migrations;
    PlantedSnapshots planted;
    Path victim;

    SnapshotFilesTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void schemaAtV1WithV2Pending() throws Exception {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        migrations = Migrations.in(dir).add("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);");
        migrations.lockstep(db).build().migrate();
        migrations.add("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);");
        planted = new PlantedSnapshots(root.resolve("snapshots"));
        victim = Files.writeString(root.resolve("victim.txt"), "not Lockstep's");
    }

    @Test
    void aManifestNamingAFileOutsideTheDirectoryDeletesNothingThere() throws Exception {
        Path absoluteVictim = Files.writeString(root.resolve("absolute-victim.dump"), "not Lockstep's");
        String relative = planted(ownId("a"), "../victim.txt");
        String absolute = planted(ownId("b"), absoluteVictim.toString());
        String control = planted.snapshot(ownId("z"), db.name(), Duration.ofDays(30));

        Lockstep lockstep = aggressive();
        Snapshot taken = lockstep.migrate().snapshot();

        assertThat(victim).hasContent("not Lockstep's");
        assertThat(absoluteVictim).hasContent("not Lockstep's");
        assertThat(planted.names()).contains(relative + ".json", relative + ".dump", absolute + ".json",
                absolute + ".dump").doesNotContain(control + ".json", control + ".dump");
        Map<String, Snapshot> listed = byId(lockstep.snapshots().list());
        assertThat(listed.keySet()).containsExactlyInAnyOrder(taken.id(), relative, absolute);
        assertThat(listed.get(relative).damage()).isEqualTo("its manifest " + relative + ".json cannot be read"
                + " (\"file\" is not the archive of snapshot " + relative + ")");
        assertThat(listed.get(absolute).damage()).contains("\"file\" is not the archive of snapshot " + absolute);
        assertThat(listed.get(taken.id()).damage()).isNull();
    }

    @Test
    void idsThatAreNotPlainSnapshotNamesAreNeverUsedAsNames() {
        String slash = planted.snapshot(ownId("a"), db.name(), Duration.ofDays(30));
        planted.write(slash + ".json", PlantedSnapshots.manifest("lockstep-" + db.name() + "/../../victim.txt",
                db.name(), "lockstep-" + db.name() + "/../../victim.txt.dump"), Duration.ofDays(30));
        String dots = planted.snapshot(ownId("b"), db.name(), Duration.ofDays(30));
        planted.write(dots + ".json", PlantedSnapshots.manifest("..", db.name(), "...dump"), Duration.ofDays(30));
        String nul = planted.snapshot(ownId("c"), db.name(), Duration.ofDays(30));
        planted.write(nul + ".json", PlantedSnapshots.manifest(nul + "\0", db.name(), nul + "\0.dump"),
                Duration.ofDays(30));

        Lockstep lockstep = aggressive();
        lockstep.migrate();

        assertThat(victim).exists();
        assertThat(planted.names()).contains(slash + ".dump", slash + ".json", dots + ".dump", nul + ".dump");
        assertThat(byId(lockstep.snapshots().list())).hasSize(4).allSatisfy((id, snapshot) -> {
            if (!id.startsWith("lockstep-" + db.name() + "-2020")) {
                return; // the one just taken
            }
            assertThat(snapshot.damage()).endsWith("cannot be read (\"id\" is not a snapshot name)");
        });
        for (String hostile : List.of("../victim.txt", "lockstep-" + db.name() + "/../../victim.txt", nul + "\0",
                "/etc/passwd", "")) {
            assertThatThrownBy(() -> lockstep.snapshots().verify(hostile))
                    .isInstanceOf(SnapshotFailedException.class)
                    .satisfies(e -> assertThat(((LockstepException) e).code()).isEqualTo(ErrorCode.SNAPSHOT_NOT_FOUND))
                    .hasMessageContaining("(that is not a snapshot name: names read"
                            + " lockstep-<db>-<yyyymmddThhmmssZ>-v<from>-to-v<to>)")
                    .hasMessageNotContaining("\0");
        }
    }

    @Test
    void aManifestThatDescribesAnotherSnapshotOrDatabaseIsNotTrusted() {
        String otherDatabase = planted.snapshot(PlantedSnapshots.id("otherdb", "a"), "otherdb", Duration.ofDays(30));
        String claimsOther = planted.snapshot(ownId("a"), db.name(), Duration.ofDays(30));
        planted.write(claimsOther + ".json", PlantedSnapshots.manifest(otherDatabase, "otherdb", otherDatabase + ".dump"),
                Duration.ofDays(30));
        String wrongDatabase = planted.snapshot(ownId("b"), db.name(), Duration.ofDays(30));
        planted.write(wrongDatabase + ".json", PlantedSnapshots.manifest(wrongDatabase, "otherdb",
                wrongDatabase + ".dump"), Duration.ofDays(30));

        Lockstep lockstep = aggressive();
        lockstep.migrate();

        assertThat(planted.names()).contains(otherDatabase + ".json", otherDatabase + ".dump", claimsOther + ".json",
                claimsOther + ".dump", wrongDatabase + ".json", wrongDatabase + ".dump");
        Map<String, Snapshot> listed = byId(lockstep.snapshots().list());
        assertThat(listed).doesNotContainKey(otherDatabase);
        assertThat(listed.get(claimsOther).damage()).isEqualTo("its manifest " + claimsOther + ".json describes snapshot "
                + otherDatabase);
        assertThat(listed.get(wrongDatabase).damage()).isEqualTo("its manifest " + wrongDatabase + ".json describes"
                + " database otherdb, not " + db.name());
        assertThatThrownBy(() -> lockstep.snapshots().verify(otherDatabase))
                .satisfies(e -> assertThat(((LockstepException) e).code()).isEqualTo(ErrorCode.SNAPSHOT_NOT_FOUND))
                .hasMessageContaining("No snapshot " + otherDatabase + " in snapshot.directory=")
                .hasMessageContaining("for database " + db.name());
    }

    @Test
    void linksAreNeitherFollowedNorDeleted() throws Exception {
        Path outsideArchive = Files.writeString(root.resolve("outside.dump"), "archive");
        String linkedArchive = planted.snapshot(ownId("a"), db.name(), Duration.ofDays(30));
        Files.delete(planted.directory.resolve(linkedArchive + ".dump"));
        Files.createSymbolicLink(planted.directory.resolve(linkedArchive + ".dump"), outsideArchive);
        String linkedManifest = ownId("b");
        Path outsideManifest = Files.writeString(root.resolve("outside.json"),
                PlantedSnapshots.manifest(linkedManifest, db.name(), linkedManifest + ".dump"));
        Files.createSymbolicLink(planted.directory.resolve(linkedManifest + ".json"), outsideManifest);
        planted.write(linkedManifest + ".dump", "archive", Duration.ofDays(30));
        Path linkedPartial = Files.createSymbolicLink(planted.directory.resolve(ownId("c") + ".partial"), victim);
        Path linkedPassfile = Files.createSymbolicLink(planted.directory.resolve(".lockstep-pgpass-0123456789"), victim);

        Lockstep lockstep = aggressive();
        lockstep.migrate();

        assertThat(outsideArchive).hasContent("archive");
        assertThat(outsideManifest).exists();
        assertThat(victim).hasContent("not Lockstep's");
        for (Path link : List.of(planted.directory.resolve(linkedArchive + ".dump"),
                planted.directory.resolve(linkedManifest + ".json"), linkedPartial, linkedPassfile)) {
            assertThat(Files.isSymbolicLink(link)).as(link + " is still there").isTrue();
        }
        assertThat(planted.names()).contains(linkedArchive + ".json", linkedManifest + ".dump");
        Map<String, Snapshot> listed = byId(lockstep.snapshots().list());
        assertThat(listed.get(linkedArchive).damage()).isEqualTo("its archive " + linkedArchive + ".dump is a"
                + " symbolic link, not the plain file Lockstep writes");
        assertThat(listed.get(linkedManifest).damage()).isEqualTo("its manifest " + linkedManifest + ".json is a"
                + " symbolic link, not the plain file Lockstep writes");
        assertThatThrownBy(() -> lockstep.snapshots().verify(linkedArchive))
                .satisfies(e -> assertThat(((LockstepException) e).code()).isEqualTo(ErrorCode.SNAPSHOT_INVALID))
                .hasMessageContaining("Snapshot " + linkedArchive + " must not be restored: its archive "
                        + linkedArchive + ".dump is a symbolic link, not the plain file Lockstep writes. Its files are"
                        + " left as they are in snapshot.directory=");
    }

    @Test
    void anotherUsersFilesAreLeftAlone() throws Exception {
        String theirs = planted.snapshot(ownId("a"), db.name(), Duration.ofDays(30));
        Path theirPartial = planted.write(ownId("b") + ".partial", "half", Duration.ofDays(30));
        Path theirPassfile = planted.write(".lockstep-pgpass-0123456789", "*:*:*:*:theirs", Duration.ofDays(30));
        for (Path file : List.of(planted.directory.resolve(theirs + ".dump"), planted.directory.resolve(theirs + ".json"),
                theirPartial, theirPassfile)) {
            Files.setAttribute(file, "unix:uid", 54321, LinkOption.NOFOLLOW_LINKS);
        }
        String control = planted.snapshot(ownId("z"), db.name(), Duration.ofDays(30));
        Path ownPartial = planted.write(ownId("y") + ".partial", "half", Duration.ofDays(30));

        Snapshot taken = aggressive().migrate().snapshot();

        assertThat(planted.names()).contains(theirs + ".dump", theirs + ".json", theirPartial.getFileName().toString(),
                theirPassfile.getFileName().toString())
                .doesNotContain(control + ".dump", control + ".json", ownPartial.getFileName().toString());
        assertThat(taken).isNotNull();
    }

    @Test
    void aManifestThatCannotBeReadIsListedAsDamagedNeverCountedAndKept() throws Exception {
        String older = planted.snapshot(ownId("a"), db.name(), Duration.ofDays(30));
        String garbage = planted.snapshot(ownId("b"), db.name(), Duration.ofDays(20));
        planted.write(garbage + ".json", "{\"id\": \"" + garbage + "\", \"createdAt\": ", Duration.ofDays(20));
        String huge = planted.snapshot(ownId("c"), db.name(), Duration.ofDays(20));
        planted.write(huge + ".json", " ".repeat(70_000) + PlantedSnapshots.manifest(huge, db.name(), huge + ".dump"),
                Duration.ofDays(20));
        String longField = planted.snapshot(ownId("d"), db.name(), Duration.ofDays(20));
        planted.write(longField + ".json", PlantedSnapshots.manifest(longField, db.name(), longField + ".dump")
                .replace("\"localhost\"", "\"" + "h".repeat(5000) + "\""), Duration.ofDays(20));
        String fifo = ownId("e");
        assertThat(new ProcessBuilder("mkfifo", planted.directory.resolve(fifo + ".json").toString()).start()
                .waitFor()).isZero();
        String directory = ownId("f");
        Files.createDirectory(planted.directory.resolve(directory + ".json"));

        Lockstep lockstep = aggressive(2);
        Snapshot taken = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> lockstep.migrate().snapshot());
        Map<String, Snapshot> listed = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> byId(lockstep.snapshots().list()));

        assertThat(planted.names()).as("kept: the damaged ones, and the older sound one as the second of keep=2")
                .contains(older + ".json", older + ".dump", garbage + ".json", garbage + ".dump", huge + ".json",
                        longField + ".json", fifo + ".json", directory + ".json");
        assertThat(listed.keySet()).containsExactlyInAnyOrder(taken.id(), older, garbage, huge, longField, fifo,
                directory);
        assertThat(listed.get(garbage).damage()).startsWith("its manifest " + garbage + ".json cannot be read (")
                .contains("end-of-input");
        assertThat(listed.get(huge).damage()).isEqualTo("its manifest " + huge + ".json is larger than 64 KB, more than"
                + " any manifest Lockstep writes");
        assertThat(listed.get(longField).damage()).endsWith("(\"host\" is longer than 4096 characters)");
        assertThat(listed.get(fifo).damage()).contains("is a special file, not the plain file Lockstep writes");
        assertThat(listed.get(directory).damage()).contains("is a directory, not the plain file Lockstep writes");
        Snapshot damaged = listed.get(garbage);
        assertThat(damaged.verified()).isFalse();
        assertThat(damaged.isDamaged()).isTrue();
        assertThat(Views.snapshot(damaged)).containsOnlyKeys("id", "createdAt", "database", "file", "sizeBytes",
                "verified", "damage").containsEntry("database", db.name()).containsEntry("file", garbage + ".dump")
                .containsEntry("sizeBytes", 7L).containsEntry("verified", false);
        assertThatThrownBy(() -> lockstep.snapshots().verify(garbage))
                .satisfies(e -> assertThat(((LockstepException) e).code()).isEqualTo(ErrorCode.SNAPSHOT_INVALID))
                .hasMessageStartingWith("Snapshot " + garbage + " must not be restored: its manifest " + garbage
                        + ".json cannot be read (")
                .hasMessageContaining("Its files are left as they are in snapshot.directory=");
        assertThatThrownBy(() -> lockstep.snapshots().restore(garbage, RestoreStyle.IN_PLACE, db.name()))
                .satisfies(e -> assertThat(((LockstepException) e).code()).isEqualTo(ErrorCode.SNAPSHOT_INVALID));
    }

    @Test
    void aSnapshotDirectoryThatIsNoDirectoryIsRefusedNamingTheSetting() throws Exception {
        Path file = Files.writeString(root.resolve("a-file"), "x");
        Path dangling = Files.createSymbolicLink(root.resolve("dangling"), root.resolve("nowhere"));

        for (Path notADirectory : List.of(file, dangling)) {
            assertThatThrownBy(() -> migrations.withSnapshots(db, notADirectory).build().migrate())
                    .isInstanceOf(SnapshotFailedException.class)
                    .hasMessageContaining("snapshot.directory=" + notADirectory + " cannot hold snapshots: it exists"
                            + " and is not a directory. Point snapshot.directory at a writable directory");
        }
        assertThat(file).hasContent("x");
        assertThat(root.resolve("nowhere")).doesNotExist();
        assertThat(db.queryString("SELECT to_regclass('orders')::text")).as("nothing migrated").isNull();
    }

    private Lockstep aggressive() {
        return aggressive(1);
    }

    private Lockstep aggressive(int keep) {
        return migrations.withSnapshots(db, planted.directory).set(SNAPSHOT_KEEP, keep)
                .set(SNAPSHOT_MAX_AGE, Duration.ZERO).build();
    }

    /** A planted snapshot of this database whose manifest names {@code file} as its archive. */
    private String planted(String id, String file) {
        planted.snapshot(id, db.name(), Duration.ofDays(30));
        planted.write(id + ".json", PlantedSnapshots.manifest(id, db.name(), file), Duration.ofDays(30));
        return id;
    }

    private String ownId(String suffix) {
        return PlantedSnapshots.id(db.name(), suffix);
    }

    private static Map<String, Snapshot> byId(List<Snapshot> snapshots) {
        return snapshots.stream().collect(Collectors.toMap(Snapshot::id, Function.identity()));
    }
}
