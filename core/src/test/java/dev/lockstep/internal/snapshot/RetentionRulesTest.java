package dev.lockstep.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.lockstep.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention's decision on its own, at an exact moment: the edges of {@code snapshot.keep} and {@code snapshot.max-age}
 * that a run, which asks the clock itself, cannot hit; and which time the directory gives a snapshot's age. The
 * end-to-end rules are in {@code dev.lockstep.RetentionTest}.
 */
class RetentionRulesTest {
    private static final Instant FILES = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path directory;

    @Test
    void aSnapshotExactlyAsOldAsTheMaximumAgeStaysAndOneMillisecondOlderGoes() {
        SnapshotStore.Entry unverified = entry("a", false, true);
        Retention retention = new Retention(1, Duration.ofDays(7));

        assertThat(retention.expired(List.of(unverified), FILES.plus(Duration.ofDays(7)))).isEmpty();
        assertThat(retention.expired(List.of(unverified), FILES.plus(Duration.ofDays(7)).plusMillis(1)))
                .containsExactly(unverified);
    }

    @Test
    void theNewestKeepVerifiedOnesStayAndTheNextOneIsJudgedByAge() {
        SnapshotStore.Entry first = entry("a", true, true);
        SnapshotStore.Entry second = entry("b", true, true);
        SnapshotStore.Entry third = entry("c", true, true);
        Instant muchLater = FILES.plus(Duration.ofDays(100));

        assertThat(new Retention(2, Duration.ofDays(7)).expired(List.of(first, second, third), muchLater))
                .containsExactly(third);
        assertThat(new Retention(3, Duration.ofDays(7)).expired(List.of(first, second, third), muchLater))
                .isEmpty();
        assertThat(new Retention(1, Duration.ofDays(7)).expired(List.of(first, second, third), muchLater))
                .containsExactly(second, third);
    }

    @Test
    void aDamagedSnapshotIsNeverAKeptOneAndFilesNotProvablyOursNeverGo() {
        SnapshotStore.Entry damaged = new SnapshotStore.Entry(
                snapshot("a", true).withDamage("its archive is missing"), true, FILES);
        SnapshotStore.Entry verified = entry("b", true, true);
        SnapshotStore.Entry notOurs = entry("c", false, false);
        Instant muchLater = FILES.plus(Duration.ofDays(100));

        assertThat(new Retention(1, Duration.ofDays(7)).expired(List.of(damaged, verified, notOurs), muchLater))
                .as("the damaged one goes, the verified one behind it is the kept one, the foreign one stays")
                .containsExactly(damaged);
    }

    @Test
    void ageIsTheArchivesFileTimeAndWithoutTheArchiveTheManifestsNotTheDateInside() throws IOException {
        plant("a", FILES);
        plant("b", FILES);
        Files.delete(directory.resolve(id("b") + ".dump"));
        Files.setLastModifiedTime(directory.resolve(id("b") + ".json"), FileTime.from(FILES.plus(Duration.ofDays(5))));

        List<SnapshotStore.Entry> entries = new SnapshotDirectory(directory).entries("shop");

        assertThat(entries).extracting(entry -> entry.snapshot().id(), SnapshotStore.Entry::modified)
                .containsExactlyInAnyOrder(tuple(id("a"), FILES),
                        tuple(id("b"), FILES.plus(Duration.ofDays(5))));
        assertThat(entries).allSatisfy(entry -> assertThat(entry.ours()).isTrue());
    }

    private static String id(String name) {
        return "lockstep-shop-20261031t000000z-v1-to-v2-" + name;
    }

    /** A snapshot whose manifest says it was made a day before its files' time. */
    private Snapshot snapshot(String name, boolean verified) {
        return new Snapshot(id(name), FILES.minus(Duration.ofDays(1)), Duration.ofSeconds(1), "shop", "localhost",
                "15.0", "pg_dump (PostgreSQL) 15.0", "custom", "gzip:1", "1", "2", null,
                directory.resolve(id(name) + ".dump"), 7, "00", 1, verified);
    }

    private SnapshotStore.Entry entry(String name, boolean verified, boolean ours) {
        return new SnapshotStore.Entry(snapshot(name, verified), ours, FILES);
    }

    /** Archive and manifest written, both modified at {@code filesModified}. */
    private void plant(String name, Instant filesModified) throws IOException {
        Snapshot snapshot = snapshot(name, true);
        Path archive = directory.resolve(id(name) + ".dump");
        Path manifest = directory.resolve(id(name) + ".json");
        Files.writeString(archive, "archive");
        Files.writeString(manifest, Manifest.write(snapshot));
        Files.setLastModifiedTime(archive, FileTime.from(filesModified));
        Files.setLastModifiedTime(manifest, FileTime.from(filesModified));
    }
}
