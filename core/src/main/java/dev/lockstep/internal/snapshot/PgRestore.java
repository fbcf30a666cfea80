package dev.lockstep.internal.snapshot;

import static dev.lockstep.LockstepSettings.SNAPSHOT_TIMEOUT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_VERIFY;

import dev.lockstep.ErrorCode;
import dev.lockstep.RestoreResult;
import dev.lockstep.RestoreStyle;
import dev.lockstep.Snapshot;
import dev.lockstep.SnapshotFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores a verified snapshot: into a fresh database swapped in by renaming, or in place in one transaction.
 * Either way nothing is changed until the archive's SHA-256 matches its manifest and pg_restore can read it.
 */
final class PgRestore {
    private static final Logger log = LoggerFactory.getLogger(PgRestore.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final PgDumpProvider provider;
    private final PgTools tools;
    private final SnapshotStore store;

    PgRestore(PgDumpProvider provider, PgTools tools, SnapshotStore store) {
        this.provider = provider;
        this.tools = tools;
        this.store = store;
    }

    /** Checks the archive's size, SHA-256 and table of contents against the manifest; returns the table of contents. */
    PgDump.Toc verify(Snapshot snapshot, ChildSession session) {
        if (snapshot.isDamaged()) {
            throw invalid(snapshot, snapshot.damage());
        }
        PgDump.Toc toc = store.verify(snapshot, tools, session, provider.settings().get(SNAPSHOT_VERIFY));
        if (toc.entries() != snapshot.tocEntries()) {
            throw invalid(snapshot, "pg_restore lists " + toc.entries() + " entries, the manifest " + snapshot.tocEntries());
        }
        return toc;
    }

    RestoreResult restore(Snapshot snapshot, RestoreStyle style, ChildSession session) {
        PgDump.Toc toc = verify(snapshot, session);
        long started = System.nanoTime();
        String keptAs = style == RestoreStyle.SWAP ? swap(snapshot, session) : inPlace(snapshot, toc, session);
        RestoreResult result = new RestoreResult(snapshot.id(), style, snapshot.database(), keptAs,
                Duration.ofNanos(System.nanoTime() - started));
        log.info("restored snapshot {} into {} ({}) in {} s{}", snapshot.id(), snapshot.database(), style,
                result.duration().toSeconds(), keptAs == null ? "" : "; the replaced database is kept as " + keptAs);
        return result;
    }

    /**
     * One transaction: drop what the snapshot does not know, then the script pg_restore writes with
     * {@code --clean --if-exists}. The transaction is opened by the first file psql reads and committed by the
     * {@code COMMIT} pg_restore writes last with {@code --single-transaction}, only once it has written everything:
     * when pg_restore fails or is killed midway, psql reads no {@code COMMIT} and its session ends with the
     * transaction rolled back. psql stops at the first error.
     */
    private @Nullable String inPlace(Snapshot snapshot, PgDump.Toc toc, ChildSession session) {
        Path cleanup = null;
        try (Connection connection = provider.connect(snapshot.database())) {
            List<String> drops = InPlaceCleanup.drops(connection, InPlaceCleanup.archived(toc.listing()));
            cleanup = Files.createTempFile(store.scratch(), snapshot.id() + ".cleanup-", ".partial",
                    SnapshotDirectory.OWNER_ONLY_FILE);
            Files.writeString(cleanup, "BEGIN;\n" + (drops.isEmpty() ? "" : String.join(";\n", drops) + ";\n"),
                    StandardCharsets.UTF_8);
            SnapshotStore.Archive archive = store.archive(snapshot);
            ChildProcess.Result result = ChildProcess.streamed(List.of(
                    command(archive, tools.pgRestore().toString(), "--clean", "--if-exists", "--exit-on-error",
                            "--single-transaction", "--file=-"),
                    List.of(tools.psql().toString(), "--no-psqlrc", "--no-password", "--quiet",
                            "--set=ON_ERROR_STOP=1", "--dbname=" + ChildSession.dbname(snapshot.database()),
                            "--file=" + cleanup, "--file=-")),
                    session::applyTo, archive.feed(), null, provider.settings().get(SNAPSHOT_TIMEOUT),
                    () -> log.info("restoring snapshot {} in place...", snapshot.id()));
            if (!result.succeeded()) {
                throw failed(snapshot, why(result) + ". The transaction was rolled back: the database is as it"
                        + " was before the restore");
            }
            return null;
        } catch (SQLException | IOException e) {
            throw failed(snapshot, provider.redact(e.getMessage()) + ". Nothing was changed", e);
        } finally {
            if (cleanup != null) {
                SnapshotDirectory.deleteQuietly(cleanup);
            }
        }
    }

    /** Restores into {@code <db>_restore_<stamp>}, then renames: target to {@code <db>_failed_<stamp>}, new to target. */
    private String swap(Snapshot snapshot, ChildSession session) {
        String target = snapshot.database();
        String stamp = STAMP.format(Instant.now());
        String fresh = name(target, "_restore_" + stamp);
        String keptAs = name(target, "_failed_" + stamp);
        try (Connection maintenance = provider.connect("postgres")) {
            createLike(maintenance, target, fresh);
            SnapshotStore.Archive archive = store.archive(snapshot);
            ChildProcess.Result result = ChildProcess.streamed(List.of(command(archive, tools.pgRestore().toString(),
                    "--exit-on-error", "--single-transaction", "--no-password", "--dbname=" + ChildSession.dbname(fresh))),
                    session::applyTo, archive.feed(), null, provider.settings().get(SNAPSHOT_TIMEOUT),
                    () -> log.info("restoring snapshot {} into {}...", snapshot.id(), fresh));
            if (!result.succeeded()) {
                drop(maintenance, fresh);
                throw failed(snapshot, why(result) + ". " + target + " was not touched");
            }
            try (Connection restored = provider.connect(fresh); Statement statement = restored.createStatement()) {
                statement.execute("ANALYZE");
            }
            rename(maintenance, target, fresh, keptAs);
            return keptAs;
        } catch (SQLException e) {
            throw failed(snapshot, provider.redact(e.getMessage()) + ". Check which of " + target + ", " + fresh
                    + " and " + keptAs + " exist (SELECT datname FROM pg_database) before retrying; swapping needs"
                    + " CREATEDB and ownership of " + target, e);
        }
    }

    /**
     * Target to {@code keptAs}, then fresh to target. New sessions are kept out of the target meanwhile (its old
     * sessions are ended); if the second rename fails, the first is undone so the target name never goes missing.
     */
    private static void rename(Connection maintenance, String target, String fresh, String keptAs) throws SQLException {
        try (Statement statement = maintenance.createStatement()) {
            statement.execute("ALTER DATABASE " + quote(target) + " WITH ALLOW_CONNECTIONS false");
            String current = target;
            try {
                endSessions(maintenance, target);
                statement.execute("ALTER DATABASE " + quote(target) + " RENAME TO " + quote(keptAs));
                current = keptAs;
                statement.execute("ALTER DATABASE " + quote(fresh) + " RENAME TO " + quote(target));
            } catch (SQLException e) {
                if (current.equals(keptAs)) {
                    statement.execute("ALTER DATABASE " + quote(keptAs) + " RENAME TO " + quote(target));
                    current = target;
                }
                throw e;
            } finally {
                statement.execute("ALTER DATABASE " + quote(current) + " WITH ALLOW_CONNECTIONS true");
            }
        }
    }

    private static void createLike(Connection maintenance, String target, String fresh) throws SQLException {
        try (PreparedStatement query = maintenance.prepareStatement("SELECT pg_encoding_to_char(encoding), datcollate,"
                + " datctype, pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?")) {
            query.setString(1, target);
            try (ResultSet row = query.executeQuery(); Statement statement = maintenance.createStatement()) {
                if (!row.next()) {
                    throw new SQLException("database " + target + " does not exist");
                }
                statement.execute("CREATE DATABASE " + quote(fresh) + " TEMPLATE template0 ENCODING '" + row.getString(1)
                        + "' LC_COLLATE " + literal(row.getString(2)) + " LC_CTYPE " + literal(row.getString(3))
                        + " OWNER "
                        + quote(row.getString(4)));
            }
        }
    }

    private static void endSessions(Connection maintenance, String database) throws SQLException {
        try (PreparedStatement statement = maintenance.prepareStatement("SELECT pg_terminate_backend(pid)"
                + " FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            statement.setString(1, database);
            statement.execute();
        }
        // pg_terminate_backend only signals: wait (bounded) until the sessions are gone, or RENAME fails.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (PreparedStatement count = maintenance.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
            count.setString(1, database);
            while (System.nanoTime() < deadline) {
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    if (row.getLong(1) == 0) {
                        return;
                    }
                }
                try (Statement pause = maintenance.createStatement()) {
                    pause.execute("SELECT pg_sleep(0.05)");
                }
            }
        }
    }

    private static void drop(Connection maintenance, String database) {
        try (Statement statement = maintenance.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + quote(database));
        } catch (SQLException e) {
            log.warn("could not drop the unfinished restore database {}: {}", database, e.getMessage());
        }
    }

    /** {@code <db><suffix>} within PostgreSQL's 63-byte limit, cut between characters, not inside one. */
    static String name(String database, String suffix) {
        int room = 63 - suffix.length();
        int end = 0;
        int bytes = 0;
        while (end < database.length()) {
            int next = database.offsetByCodePoints(end, 1);
            bytes += database.substring(end, next).getBytes(StandardCharsets.UTF_8).length;
            if (bytes > room) {
                break;
            }
            end = next;
        }
        return database.substring(0, end) + suffix;
    }

    /** pg_restore with {@code options}, reading the archive as the store hands it over. */
    private static List<String> command(SnapshotStore.Archive archive, String... options) {
        List<String> command = new java.util.ArrayList<>(List.of(options));
        command.addAll(archive.arguments());
        return command;
    }

    /** Why a restore's children failed, in words for the message. */
    private String why(ChildProcess.Result result) {
        if (result.timedOut()) {
            return "it did not finish within snapshot.timeout";
        }
        if (result.streamFailure() != null) {
            return "reading the archive failed: " + provider.redact(result.streamFailure().getMessage());
        }
        return provider.redact(result.stderr());
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private SnapshotFailedException invalid(Snapshot snapshot, @Nullable String problem) {
        return provider.invalid(snapshot, String.valueOf(problem));
    }

    private static SnapshotFailedException failed(Snapshot snapshot, String problem) {
        return failed(snapshot, problem, null);
    }

    private static SnapshotFailedException failed(Snapshot snapshot, String problem, @Nullable Exception cause) {
        return new SnapshotFailedException(ErrorCode.RESTORE_FAILED, "Restoring snapshot " + snapshot.id() + " into "
                + snapshot.database() + " failed: " + problem + ". See docs/runbook-restore.md.", cause);
    }
}
