package dev.lockstep.internal.snapshot;

import dev.lockstep.internal.config.Durations;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which snapshots of one database to delete after a new one was taken: the newest {@code snapshot.keep} verified
 * ones stay whatever their age (so the newest verified one always stays); every other one goes once it is older
 * than {@code snapshot.max-age}. Age is the archive's modification time (the manifest's when the archive is missing),
 * so copying a snapshot back into the directory does not make it expire at once.
 *
 * <p>A damaged snapshot never counts as a kept verified one. It is deleted only when its files are provably
 * Lockstep's ({@link SnapshotStore.Entry#ours()}: a manifest that reads as this snapshot of this database, plain
 * files of this process' user), as is a manifest whose archive is gone; a manifest that cannot be read, or an archive
 * that is a link, stays for an operator to look at.
 */
final class Retention {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final int keep;
    private final Duration maxAge;

    Retention(int keep, Duration maxAge) {
        this.keep = keep;
        this.maxAge = maxAge;
    }

    /** The snapshots to delete, from {@code entries} ordered newest first. */
    List<SnapshotStore.Entry> expired(List<SnapshotStore.Entry> entries, Instant now) {
        List<SnapshotStore.Entry> expired = new ArrayList<>();
        int keptVerified = 0;
        for (SnapshotStore.Entry entry : entries) {
            if (entry.snapshot().verified() && !entry.snapshot().isDamaged() && keptVerified < keep) {
                keptVerified++;
            } else if (entry.ours() && Duration.between(entry.modified(), now).compareTo(maxAge) > 0) {
                expired.add(entry);
            }
        }
        return expired;
    }

    void apply(SnapshotStore store, String database) {
        for (SnapshotStore.Entry entry : expired(store.entries(database), Instant.now())) {
            try {
                store.delete(entry);
                log.info("deleted snapshot {} (retention: snapshot.keep={}, snapshot.max-age={})",
                        entry.snapshot().id(), keep, Durations.format(maxAge));
            } catch (IOException e) {
                log.warn("could not delete snapshot {}: {}", entry.snapshot().id(), e.getMessage());
            }
        }
    }
}
