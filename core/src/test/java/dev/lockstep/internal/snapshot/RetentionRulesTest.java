package dev.lockstep.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

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
 * that a run, which asks the clock itself, cannot hit. The end-to-end rules are in {@code dev.lockstep.RetentionTest}.
 */
class RetentionRulesTest {
    private static final Instant FILES = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path directory;

    @Test
    void aSnapshotExactlyAsOldAsTheMaximumAgeStaysAndOneMillisecondOlderGoes() throws IOException {
        Snapshot unverified = planted("a", false, FILES);
        Retention retention = new Retention(1, Duration.ofDays(7));

        assertThat(retention.expired(List.of(unverified), directory, FILES.plus(Duration.ofDays(7)))).isEmpty();
        assertThat(retention.expired(List.of(unverified), directory, FILES.plus(Duration.ofDays(7)).plusMillis(1)))
                .containsExactly(unverified);
    }

    @Test
    void theNewestKeepVerifiedOnesStayAndTheNextOneIsJudgedByAge() throws IOException {
        Snapshot first = planted("a", true, FILES);
        Snapshot second = planted("b", true, FILES);
        Snapshot third = planted("c", true, FILES);
        Instant muchLater = FILES.plus(Duration.ofDays(100));

        assertThat(new Retention(2, Duration.ofDays(7)).expired(List.of(first, second, third), directory, muchLater))
                .containsExactly(third);
        assertThat(new Retention(3, Duration.ofDays(7)).expired(List.of(first, second, third), directory, muchLater))
                .isEmpty();
        assertThat(new Retention(1, Duration.ofDays(7)).expired(List.of(first, second, third), directory, muchLater))
                .containsExactly(second, third);
    }

    @Test
    void withoutTheArchiveTheManifestFilesTimeCountsAndWithoutBothTheManifestsDate() throws IOException {
        Snapshot archiveGone = planted("a", true, FILES);
        Files.delete(archiveGone.file());
        Files.setLastModifiedTime(directory.resolve(archiveGone.id() + ".json"),
                FileTime.from(FILES.plus(Duration.ofDays(5))));
        Snapshot nothingLeft = planted("b", false, FILES);
        Files.delete(nothingLeft.file());
        Files.delete(directory.resolve(nothingLeft.id() + ".json"));
        Retention retention = new Retention(5, Duration.ofDays(7));

        // The manifest file is 7 days old at FILES + 12d; the other's manifest date is FILES - 1d, 13 days before.
        assertThat(retention.expired(List.of(archiveGone, nothingLeft), directory, FILES.plus(Duration.ofDays(12))))
                .containsExactly(nothingLeft);
        assertThat(retention.expired(List.of(archiveGone, nothingLeft), directory, FILES.plus(Duration.ofDays(6))))
                .isEmpty();
    }

    /** A snapshot whose manifest says it was made a day before its files' time; archive and manifest written. */
    private Snapshot planted(String name, boolean verified, Instant filesModified) throws IOException {
        String id = "lockstep-shop-20261031t000000z-v1-to-v2-" + name;
        Path archive = directory.resolve(id + ".dump");
        Snapshot snapshot = new Snapshot(id, filesModified.minus(Duration.ofDays(1)), Duration.ofSeconds(1), "shop",
                "localhost", "15.0", "pg_dump (PostgreSQL) 15.0", "custom", "gzip:1", "1", "2", null, archive, 7, "00",
                1, verified);
        Files.writeString(archive, "archive");
        Files.writeString(directory.resolve(id + ".json"), Manifest.write(snapshot));
        Files.setLastModifiedTime(archive, FileTime.from(filesModified));
        Files.setLastModifiedTime(directory.resolve(id + ".json"), FileTime.from(filesModified));
        return snapshot;
    }
}
