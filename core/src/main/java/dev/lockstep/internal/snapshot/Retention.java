package dev.lockstep.internal.snapshot;

import dev.lockstep.Snapshot;
import dev.lockstep.internal.config.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which snapshots of one database to delete after a new one was taken: the newest {@code snapshot.keep}
 * verified ones stay whatever their age (so the newest verified one always stays); every other one goes once
 * it is older than {@code snapshot.max-age}. Age is the archive's modification time (the manifest's when the
 * archive is missing), so copying a snapshot back into the directory does not make it expire at once.
 */
final class Retention {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final int keep;
    private final Duration maxAge;

    Retention(int keep, Duration maxAge) {
        this.keep = keep;
        this.maxAge = maxAge;
    }

    /** The snapshots to delete, from {@code snapshots} ordered newest first. */
    List<Snapshot> expired(List<Snapshot> snapshots, Path directory, Instant now) {
        List<Snapshot> expired = new ArrayList<>();
        int keptVerified = 0;
        for (Snapshot snapshot : snapshots) {
            if (snapshot.verified() && Files.exists(snapshot.file()) && keptVerified < keep) {
                keptVerified++;
            } else if (age(snapshot, directory, now).compareTo(maxAge) > 0) {
                expired.add(snapshot);
            }
        }
        return expired;
    }

    void apply(SnapshotDirectory directory, String database) {
        Instant now = Instant.now();
        for (Snapshot snapshot : expired(directory.list(database), directory.path, now)) {
            try {
                directory.delete(snapshot);
                log.info("deleted snapshot {} (retention: snapshot.keep={}, snapshot.max-age={})", snapshot.id(),
                        keep, Durations.format(maxAge));
            } catch (IOException e) {
                log.warn("could not delete snapshot {}: {}", snapshot.id(), e.getMessage());
            }
        }
    }

    private static Duration age(Snapshot snapshot, Path directory, Instant now) {
        Path file = Files.exists(snapshot.file()) ? snapshot.file() : directory.resolve(snapshot.id() + ".json");
        try {
            return Duration.between(Files.getLastModifiedTime(file).toInstant(), now);
        } catch (IOException e) {
            return Duration.between(snapshot.createdAt(), now);
        }
    }
}
