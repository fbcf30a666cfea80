package dev.lockstep;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One snapshot, as its manifest describes it. A snapshot whose files cannot be trusted is still listed, with the
 * reason in {@link #damage()}: it is never restored, never counted as a kept verified snapshot, and never deleted by
 * retention unless Lockstep can tell that its files are its own.
 *
 * @param id the name shared by the archive and its manifest: {@code lockstep-<db>-<yyyymmddThhmmssZ>-v<from>-to-v<to>}
 * @param createdAt when the dump started
 * @param duration dump plus verification
 * @param database the database dumped
 * @param host the server's host(s), never with credentials
 * @param serverVersion the server's version ({@code server_version})
 * @param pgDumpVersion the version pg_dump reported
 * @param format the archive format ({@code custom} for pg_dump)
 * @param compression the compression pg_dump used ({@code gzip:1})
 * @param fromVersion the schema version the snapshot holds; null for an empty schema
 * @param targetVersion the version the run was about to migrate to
 * @param appVersion the version of the application that took it, when known
 * @param file the archive
 * @param sizeBytes the archive's size
 * @param sha256 the archive's SHA-256, hex
 * @param tocEntries how many entries {@code pg_restore --list} found
 * @param verified whether verification passed
 * @param damage why the snapshot cannot be used (its manifest cannot be read or does not match its name, its archive
 *     is missing or not a plain file), or null for a sound one; a snapshot whose manifest cannot be read holds only
 *     its id, database, file and the manifest's modification time as {@code createdAt}, with empty text and zero
 *     numbers for the rest
 */
public record Snapshot(
        String id,
        Instant createdAt,
        Duration duration,
        String database,
        String host,
        String serverVersion,
        String pgDumpVersion,
        String format,
        String compression,
        @Nullable String fromVersion,
        @Nullable String targetVersion,
        @Nullable String appVersion,
        Path file,
        long sizeBytes,
        String sha256,
        int tocEntries,
        boolean verified,
        @Nullable String damage) {

    /** A sound snapshot, as a provider reports one it has just taken. */
    public Snapshot(String id, Instant createdAt, Duration duration, String database, String host, String serverVersion,
            String pgDumpVersion, String format, String compression, @Nullable String fromVersion,
            @Nullable String targetVersion, @Nullable String appVersion, Path file, long sizeBytes, String sha256,
            int tocEntries, boolean verified) {
        this(id, createdAt, duration, database, host, serverVersion, pgDumpVersion, format, compression, fromVersion,
                targetVersion, appVersion, file, sizeBytes, sha256, tocEntries, verified, null);
    }

    /** A snapshot whose manifest cannot be read: what its name and files tell, and why. */
    public static Snapshot damaged(String id, Instant modified, String database, Path file, long sizeBytes,
            String damage) {
        return new Snapshot(id, modified, Duration.ZERO, database, "", "", "", "", "", null, null, null, file,
                sizeBytes, "", 0, false, damage);
    }

    /** This snapshot with {@code damage} as the reason it cannot be used. */
    public Snapshot withDamage(String damage) {
        return new Snapshot(id, createdAt, duration, database, host, serverVersion, pgDumpVersion, format, compression,
                fromVersion, targetVersion, appVersion, file, sizeBytes, sha256, tocEntries, verified, damage);
    }

    /** Whether {@link #damage()} names a reason this snapshot cannot be used. */
    public boolean isDamaged() {
        return damage != null;
    }
}
