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
 * Retention after each snapshot: the newest {@code snapshot.keep} verified snapshots stay whatever their age,
 * older ones go once past {@code snapshot.max-age}, and nothing Lockstep did not write for this database is
 * touched. Earlier snapshots are planted with their file times set by the test.
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

    /** A snapshot of this database taken {@code age} ago: a small archive and its manifest. */
    private void plant(String name, Duration age, boolean verified) throws Exception {
        Instant when = Instant.now().minus(age);
        String id = id(name);
        Files.writeString(snapshots.resolve(id + ".json"), manifest(id, db.name(), verified)
                .replace("2020-01-01T00:00:00Z", when.toString()));
        touch(id + ".dump", when);
        Files.setLastModifiedTime(snapshots.resolve(id + ".json"), FileTime.from(when));
    }

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

    private String[] ids() {
        return Arrays.stream(snapshots.toFile().list((d, n) -> n.endsWith(".dump")))
                .map(n -> n.substring(0, n.length() - ".dump".length())).toArray(String[]::new);
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
