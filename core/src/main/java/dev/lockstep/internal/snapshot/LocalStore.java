package dev.lockstep.internal.snapshot;

import dev.lockstep.Snapshot;
import dev.lockstep.SnapshotVerify;
import dev.lockstep.spi.SnapshotRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Snapshots as files in {@code snapshot.directory} ({@link SnapshotDirectory}), written by pg_dump itself. */
final class LocalStore implements SnapshotStore {
    private final PgDumpProvider provider;
    private final SnapshotDirectory directory;

    LocalStore(PgDumpProvider provider, SnapshotDirectory directory) {
        this.provider = provider;
        this.directory = directory;
    }

    @Override
    public String where() {
        return "snapshot.directory=" + directory.path;
    }

    @Override
    public String settings() {
        return "snapshot.directory";
    }

    @Override
    public String listByHand(String database) {
        return "ls " + directory.path + "/" + SnapshotName.prefix(database) + "*.json";
    }

    @Override
    public Path scratch() {
        return directory.path;
    }

    @Override
    public void prepare(ServerInfo server) {
        directory.prepare();
        directory.requireRoom(server.databaseBytes() / 2, "half the database's " + SnapshotDirectory.mb(
                server.databaseBytes()) + ", a cautious estimate for a compressed dump");
    }

    @Override
    public void removeLeftovers(String database) {
        directory.removeLeftovers(database);
    }

    @Override
    public Snapshot take(SnapshotRequest request, ServerInfo server, PgTools tools, ChildSession session) {
        return new PgDump(provider, tools, directory).take(request, server, session);
    }

    @Override
    public List<Entry> entries(String database) {
        return directory.entries(database);
    }

    @Override
    public Optional<Entry> find(String id, String database) {
        return directory.find(id, database);
    }

    @Override
    public void delete(Entry entry) throws IOException {
        directory.delete(entry);
    }

    @Override
    public PgDump.Toc verify(Snapshot snapshot, PgTools tools, ChildSession session, SnapshotVerify depth) {
        Path file = snapshot.file();
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw provider.invalid(snapshot, "its archive " + file.getFileName() + " is not the plain file"
                        + " Lockstep wrote");
            }
            String sha256 = PgDump.sha256(file);
            long size = Files.size(file);
            if (!sha256.equals(snapshot.sha256()) || size != snapshot.sizeBytes()) {
                throw provider.invalid(snapshot, Checksums.changed(sha256, size, snapshot));
            }
        } catch (IOException e) {
            throw provider.invalid(snapshot, "its archive cannot be read (" + e.getMessage() + ")");
        }
        try {
            return new PgDump(provider, tools, directory).verify(file, session, depth);
        } catch (PgDump.Unreadable e) {
            throw provider.invalid(snapshot, "pg_restore cannot read its archive, although it matches the SHA-256 its"
                    + " manifest records: " + e.getMessage());
        }
    }

    @Override
    public Archive archive(Snapshot snapshot) {
        return new Archive(List.of(snapshot.file().toString()), null);
    }
}
