package dev.lockstep;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One snapshot, as its manifest describes it.
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
        boolean verified) {}
