package dev.lockstep;

import static dev.lockstep.LockstepSettings.SNAPSHOT_KEEP;
import static dev.lockstep.LockstepSettings.SNAPSHOT_MAX_AGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention after each snapshot: the newest {@code snapshot.keep} verified snapshots whose archives exist stay whatever
 * their age, older ones go once past {@code snapshot.max-age}, and nothing Lockstep did not write for this database is
 * touched. Age is the archive's file time (the manifest file's when the archive is gone), not the date the manifest
 * states: a snapshot copied back into the directory does not expire at once. Earlier snapshots are planted by
 * {@link #plant}, with the manifest's date, the files' times and the archive's presence each set by the test, so that
 * every rule shows in a result no other rule gives.
 */
@PostgresTest
class RetentionTest {
    private final TestDatabase db;
    @TempDir
    Path dir;
    @TempDir
    Path snapshots;
    Migrations migrations;

    RetentionTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void pending() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        migrations = Migrations.standard(dir);
    }

    @Test
    void keepsTheNewestVerifiedOnesAndDeletesOlderOnesPastTheMaximumAge() throws Exception {
        plant("a", Duration.ofHours(1), true);
        plant("b", Duration.ofDays(2), true);
        plant("c", Duration.ofDays(3), true);
        plant("d", Duration.ofHours(2), false); // young enough to stay, though unverified ones never count as kept

        Snapshot taken = migrations.withSnapshots(db, snapshots).set(SNAPSHOT_KEEP, 2)
                .set(SNAPSHOT_MAX_AGE, Duration.ofDays(1)).build()
                .migrate().snapshot();

        assertThat(ids()).containsExactlyInAnyOrder(taken.id(), id("a"), id("d"));
    }

    @Test
    void keptSnapshotsStayWhateverTheirAge() throws Exception {
        plant("a", Duration.ofDays(30), true);
        plant("b", Duration.ofDays(40), true);
        plant("c", Duration.ofDays(50), true);

        Snapshot taken = migrations.withSnapshots(db, snapshots).set(SNAPSHOT_KEEP, 3)
                .set(SNAPSHOT_MAX_AGE, Duration.ofDays(7)).build()
                .migrate().snapshot();

        assertThat(ids()).containsExactlyInAnyOrder(taken.id(), id("a"), id("b"));
    }

    @Test
    void withKeepOneAndNoMaximumAgeOnlyTheNewestVerifiedSnapshotStays() throws Exception {
        plant("a", Duration.ofMinutes(1), true);
        plant("b", Duration.ofMinutes(2), false);

        Snapshot taken = migrations.withSnapshots(db, snapshots).set(SNAPSHOT_KEEP, 1)
                .set(SNAPSHOT_MAX_AGE, Duration.ZERO).build()
                .migrate().snapshot();

        assertThat(ids()).containsExactly(taken.id());
    }

    @Test
    void filesLockstepDidNotWriteForThisDatabaseAreNeverTouched() throws Exception {
        Instant old = Instant.now().minus(Duration.ofDays(90));
        Path notes = touch("notes.txt", old);
        Path foreignDump = touch("nightly-backup.dump", old);
        Path otherDatabase = touch("lockstep-otherdb-20200101t000000z-v1-to-v2.json", old);
        Files.writeString(otherDatabase, manifest("lockstep-otherdb-20200101t000000z-v1-to-v2", "otherdb", true));
        Path otherPartial = touch("lockstep-otherdb-20200101t000000z-v1-to-v2.partial", old);
        Path ownPartial = touch("lockstep-" + db.name() + "-20200101t000000z-v1-to-v2.partial", old);

        migrations.withSnapshots(db, snapshots).set(SNAPSHOT_KEEP, 1).set(SNAPSHOT_MAX_AGE, Duration.ZERO).build()
                .migrate();

        assertThat(notes).exists();
        assertThat(foreignDump).exists();
        assertThat(otherDatabase).exists();
        assertThat(otherPartial).exists();
        assertThat(ownPartial).as("left by an interrupted snapshot of this database").doesNotExist();
    }

    /** Age comes from the archive's file time: a manifest that says "old" does not make a fresh copy expire. */
    @Test
    void ageIsTheArchivesFileTimeNotTheManifestsDate() throws Exception {
        plant("copiedback").createdAgo(Duration.ofDays(30)).filesAgo(Duration.ofHours(1)).unverified();
        plant("stalefile").createdAgo(Duration.ofMinutes(5)).filesAgo(Duration.ofDays(30)).unverified();

        Snapshot taken = migrations.withSnapshots(db, snapshots).set(SNAPSHOT_KEEP, 1)
                .set(SNAPSHOT_MAX_AGE, Duration.ofDays(1)).build()
                .migrate().snapshot();

        assertThat(manifests()).containsExactlyInAnyOrder(taken.id(), id("copiedback"));
    }

    /**
     * A verified snapshot whose archive is gone cannot be restored, so it is not one of the kept ones: the next verified
     * one is kept in its place. Without an archive, its age is its manifest file's time.
     */
    @Test
    void aSnapshotWithoutItsArchiveIsNotKeptAndAgesByItsManifestFile() throws Exception {
        plant("archivegoneold").createdAgo(Duration.ofMinutes(1)).filesAgo(Duration.ofDays(10)).withoutArchive();
        plant("archivegonenew").createdAgo(Duration.ofMinutes(2)).filesAgo(Duration.ofHours(1)).withoutArchive();
        plant("restorable").createdAgo(Duration.ofDays(20)).filesAgo(Duration.ofDays(20));
        plant("surplus").createdAgo(Duration.ofDays(21)).filesAgo(Duration.ofDays(21));

        Snapshot taken = migrations.withSnapshots(db, snapshots).set(SNAPSHOT_KEEP, 2)
                .set(SNAPSHOT_MAX_AGE, Duration.ofDays(1)).build()
                .migrate().snapshot();

        assertThat(manifests()).containsExactlyInAnyOrder(taken.id(), id("restorable"), id("archivegonenew"));
        assertThat(ids()).containsExactlyInAnyOrder(taken.id(), id("restorable"));
    }

    /** A snapshot {@code age} old by its manifest's date and its files' times alike. */
    private void plant(String name, Duration age, boolean verified) throws Exception {
        Planted planted = plant(name).createdAgo(age).filesAgo(age);
        if (!verified) {
            planted.unverified();
        }
    }

    /**
     * Plants a snapshot of this database, written as Lockstep writes one: a small archive and its manifest, both
     * dated now and verified until the returned {@link Planted} says otherwise. Names and the manifest's fields come
     * from {@link #id} and {@link #manifest}: where Lockstep's naming changes, only they change.
     */
    private Planted plant(String name) throws Exception {
        return new Planted(id(name)).write();
    }

    /** One planted snapshot; each setter rewrites what it changes. */
    private final class Planted {
        private final String id;
        private Instant createdAt = Instant.now();
        private boolean verified = true;

        Planted(String id) {
            this.id = id;
        }

        /** The date the manifest states. */
        Planted createdAgo(Duration age) throws Exception {
            createdAt = Instant.now().minus(age);
            return write();
        }

        /** The modification time of the archive and of the manifest file. */
        Planted filesAgo(Duration age) throws Exception {
            FileTime time = FileTime.from(Instant.now().minus(age));
            if (Files.exists(archive())) {
                Files.setLastModifiedTime(archive(), time);
            }
            Files.setLastModifiedTime(manifestFile(), time);
            return this;
        }

        Planted unverified() throws Exception {
            verified = false;
            return write();
        }

        Planted withoutArchive() throws Exception {
            Files.delete(archive());
            return this;
        }

        private Planted write() throws Exception {
            FileTime manifestTime = Files.exists(manifestFile()) ? Files.getLastModifiedTime(manifestFile()) : null;
            Files.writeString(manifestFile(), manifest(id, db.name(), verified)
                    .replace("2020-01-01T00:00:00Z", createdAt.toString()));
            if (manifestTime != null) {
                Files.setLastModifiedTime(manifestFile(), manifestTime);
            }
            if (!Files.exists(archive())) {
                Files.writeString(archive(), "archive");
            }
            return this;
        }

        private Path archive() {
            return snapshots.resolve(id + ".dump");
        }

        private Path manifestFile() {
            return snapshots.resolve(id + ".json");
        }
    }

    /** A snapshot id of this database; {@code name} is its suffix, so letters and digits only (at most 16). */
    private String id(String name) {
        return "lockstep-" + db.name() + "-20200101t000000z-v1-to-v2-" + name;
    }

    private Path touch(String file, Instant modified) throws Exception {
        Path path = snapshots.resolve(file);
        if (!Files.exists(path)) {
            Files.writeString(path, "archive");
        }
        Files.setLastModifiedTime(path, FileTime.from(modified));
        return path;
    }

    /** The ids of the archives in the directory. */
    private String[] ids() {
        return withSuffix(".dump");
    }

    /** The ids of the manifests in the directory: the snapshots Lockstep lists. */
    private String[] manifests() {
        return withSuffix(".json");
    }

    private String[] withSuffix(String suffix) {
        return Arrays.stream(snapshots.toFile().list((d, n) -> n.endsWith(suffix)))
                .map(n -> n.substring(0, n.length() - suffix.length())).toArray(String[]::new);
    }

    private static String manifest(String id, String database, boolean verified) {
        return """
                {"id": "%s", "createdAt": "2020-01-01T00:00:00Z", "durationMs": 10, "database": "%s",
                 "host": "localhost", "serverVersion": "15.0", "pgDumpVersion": "pg_dump (PostgreSQL) 15.0",
                 "format": "custom", "compression": "gzip:1", "fromVersion": "1", "targetVersion": "2",
                 "appVersion": null, "file": "%s.dump", "sizeBytes": 7, "sha256": "00", "tocEntries": 1,
                 "verified": %s}
                """.formatted(id, database, id, verified);
    }
}
