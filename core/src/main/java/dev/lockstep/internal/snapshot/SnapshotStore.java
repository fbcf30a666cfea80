package dev.lockstep.internal.snapshot;

import dev.lockstep.Snapshot;
import dev.lockstep.SnapshotVerify;
import dev.lockstep.spi.SnapshotRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where the built-in provider keeps its snapshots: files in {@code snapshot.directory} ({@link LocalStore}), or objects
 * in a bucket ({@link BucketStore}). Everything else (pg_dump's and pg_restore's arguments, the checks, retention,
 * both styles of restore) is the provider's, the same for every store. A store names every file or key from a
 * snapshot id ({@link SnapshotName}), never from what a manifest says.
 */
interface SnapshotStore {

    /** A snapshot found in the store: the snapshot, whether its files are provably Lockstep's, and their age. */
    record Entry(Snapshot snapshot, boolean ours, Instant modified) {}

    /**
     * How pg_restore reads an archive: named on its command line, or streamed into its standard input by
     * {@code feed}, which checks the SHA-256 on the way and never lets pg_restore read the end of an archive that
     * does not match its manifest.
     */
    record Archive(List<String> arguments, ChildProcess.@Nullable Feed feed) {}

    /** Where the snapshots are, for messages: {@code snapshot.directory=/var/lib/shop/snapshots}. */
    String where();

    /** The settings that say where the snapshots are, for messages: {@code snapshot.directory}. */
    String settings();

    /** How an operator lists a database's snapshots by hand, for messages. */
    String listByHand(String database);

    /** A local directory for the short-lived files of a child: its password file, a restore's cleanup script. */
    Path scratch();

    /** Checks, before anything is written, that a snapshot of this server's database can be stored. */
    void prepare(ServerInfo server);

    /** Removes what a stopped process left of an unfinished snapshot of {@code database}. */
    void removeLeftovers(String database);

    /** Dumps, verifies and seals a new snapshot. */
    Snapshot take(SnapshotRequest request, ServerInfo server, PgTools tools, ChildSession session);

    /** Every snapshot of {@code database}, damaged ones too, newest first. */
    List<Entry> entries(String database);

    /** The snapshot {@code id} of {@code database}, damaged or not. */
    Optional<Entry> find(String id, String database);

    /** Deletes a snapshot's archive and manifest, by the names its id gives them. */
    void delete(Entry entry) throws IOException;

    /**
     * Checks the archive against the manifest (size, SHA-256) and reads its table of contents.
     *
     * @throws dev.lockstep.SnapshotFailedException {@code SNAPSHOT_INVALID} when it must not be restored
     */
    PgDump.Toc verify(Snapshot snapshot, PgTools tools, ChildSession session, SnapshotVerify depth);

    /** How pg_restore reads the archive of a snapshot {@link #verify} accepted. */
    Archive archive(Snapshot snapshot);
}
