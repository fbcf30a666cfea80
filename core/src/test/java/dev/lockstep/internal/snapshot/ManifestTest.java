package dev.lockstep.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** A manifest written and read back, an earlier writer's manifest read, and manifests that must not be trusted. */
class ManifestTest {
    static final Path DIRECTORY = Path.of("/var/lib/shop/snapshots");
    static final String ID = "lockstep-shop-20261122t101500z-v41-to-v43";
    static final Snapshot SNAPSHOT = new Snapshot(ID, Instant.parse("2026-11-22T10:15:00.123Z"),
            Duration.ofMillis(12345), "shop", "db.internal", "15.18 (Debian \"stable\" 15.18-0+deb12u1)",
            "pg_dump (PostgreSQL) 15.18\\n\tété \u0001", "custom", "gzip:1", "41", "43", "2.4.0",
            DIRECTORY.resolve(ID + ".dump"), 432345678L, "9f2c", 812, true);

    @Test
    void aWrittenManifestReadsBackAsTheSameSnapshot() {
        assertThat(Manifest.read(Manifest.write(SNAPSHOT), DIRECTORY)).isEqualTo(SNAPSHOT);
    }

    @Test
    void theManifestIsTheSnapshotsViewOneFieldALine() {
        Snapshot empty = new Snapshot(ID, SNAPSHOT.createdAt(), SNAPSHOT.duration(), "shop", "db.internal", "15.18",
                "pg_dump (PostgreSQL) 15.18", "custom", "gzip:1", null, "43", null, SNAPSHOT.file(), 7, "9f2c", 1, false);

        assertThat(Manifest.write(empty)).isEqualTo("""
                {
                  "id": "lockstep-shop-20261122t101500z-v41-to-v43",
                  "createdAt": "2026-11-22T10:15:00.123Z",
                  "durationMs": 12345,
                  "database": "shop",
                  "host": "db.internal",
                  "serverVersion": "15.18",
                  "pgDumpVersion": "pg_dump (PostgreSQL) 15.18",
                  "format": "custom",
                  "compression": "gzip:1",
                  "targetVersion": "43",
                  "file": "lockstep-shop-20261122t101500z-v41-to-v43.dump",
                  "sizeBytes": 7,
                  "sha256": "9f2c",
                  "tocEntries": 1,
                  "verified": false
                }
                """);
        assertThat(Manifest.read(Manifest.write(empty), DIRECTORY)).isEqualTo(empty);
    }

    @Test
    void readsAManifestOfTheEarlierHandWrittenWriterWithItsNulls() throws IOException {
        Snapshot snapshot = Manifest.read(resource("/manifests/earlier-writer.json"), DIRECTORY);

        String id = "lockstep-shop-20261122t101500z-v0-to-v43";
        assertThat(snapshot).isEqualTo(new Snapshot(id, Instant.parse("2026-11-22T10:15:00.123456789Z"),
                Duration.ofMillis(12345), "shop", "db-1.internal,db-2.internal:5433", "15.18 (Debian 15.18-0+deb12u1)",
                "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)", "custom", "gzip:1", null, "43", null,
                DIRECTORY.resolve(id + ".dump"), 432345678L,
                "9f2c6bd3f5a4b1d0e5c8a7f6e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4", 812, true));
    }

    @Test
    void fieldsANewerVersionMayAddAreIgnored() {
        String newer = Manifest.write(SNAPSHOT).replace("\"verified\": true",
                "\"verified\": true, \"storage\": {\"kind\": \"s3\", \"parts\": [1, 2.5]}, \"note\": null");

        assertThat(Manifest.read(newer, DIRECTORY)).isEqualTo(SNAPSHOT);
    }

    @Test
    void aManifestIsDataNeverAPath() {
        String written = Manifest.write(SNAPSHOT);

        assertThatThrownBy(() -> Manifest.read(written.replace("\"file\": \"" + ID + ".dump\"",
                "\"file\": \"../../../etc/passwd\""), DIRECTORY))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("\"file\" is not the archive of snapshot " + ID);
        assertThatThrownBy(() -> Manifest.read(written.replace(ID, "lockstep-../../etc/x"), DIRECTORY))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("\"id\" is not a snapshot name");
    }

    @Test
    void whatIsNotAManifestIsRefused() {
        String written = Manifest.write(SNAPSHOT);

        assertThatThrownBy(() -> Manifest.read("[1, 2]", DIRECTORY)).hasMessage("not a JSON object");
        assertThatThrownBy(() -> Manifest.read(written + "{}", DIRECTORY)).hasMessage("text after the object");
        assertThatThrownBy(() -> Manifest.read(written.replace("\"database\": \"shop\",", ""), DIRECTORY))
                .hasMessage("missing \"database\"");
        assertThatThrownBy(() -> Manifest.read(written.replace("\"sizeBytes\": 432345678", "\"sizeBytes\": \"big\""),
                DIRECTORY)).hasMessage("\"sizeBytes\" is not a whole number of 0 or more");
        assertThatThrownBy(() -> Manifest.read(written.replace("\"host\": \"db.internal\"", "\"host\": 5"), DIRECTORY))
                .hasMessage("\"host\" is not a string");
        assertThatThrownBy(() -> Manifest.read(written.substring(0, 40), DIRECTORY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unexpected end-of-input");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(ManifestTest.class.getResourceAsStream(name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
