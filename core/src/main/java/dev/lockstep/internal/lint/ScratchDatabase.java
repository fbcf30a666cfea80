package dev.lockstep.internal.lint;

import dev.lockstep.internal.connect.ConnectionDetails;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scratch database of one traced plan, {@code lockstep_plan_<yyyymmddhhmmss>_<random>}, on the target's server:
 * created empty with the target's encoding and collation, dropped by {@link #close()} whatever happened. Its name
 * carries its creation time (UTC), so that the next plan drops one a killed process left behind, once it is older
 * than an hour; its comment says the same for people.
 */
final class ScratchDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScratchDatabase.class);
    static final String PREFIX = "lockstep_plan_";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);
    private static final Pattern NAME = Pattern.compile(PREFIX + "(\\d{14})_[0-9a-f]{8}");
    static final Duration STALE = Duration.ofHours(1);

    private final Connection maintenance;
    private final ConnectionDetails details;
    private final String name;
    private final int serverMajor;

    private ScratchDatabase(Connection maintenance, ConnectionDetails details, String name, int serverMajor) {
        this.maintenance = maintenance;
        this.details = details;
        this.name = name;
        this.serverMajor = serverMajor;
    }

    /**
     * Creates the database from {@code maintenance}, an autocommit connection to the target (CREATE DATABASE writes
     * nothing into the database it is run from).
     */
    static ScratchDatabase create(Connection maintenance, ConnectionDetails details, int serverMajor, Instant now)
            throws SQLException {
        String name = PREFIX + STAMP.format(LocalDateTime.ofInstant(now, ZoneOffset.UTC)) + "_"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try (Statement statement = maintenance.createStatement();
                ResultSet row = statement.executeQuery("SELECT pg_encoding_to_char(encoding), datcollate, datctype,"
                        + " current_database() FROM pg_database WHERE datname = current_database()")) {
            row.next();
            try (Statement create = maintenance.createStatement()) {
                create.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING '" + row.getString(1)
                        + "' LC_COLLATE '" + literal(row.getString(2)) + "' LC_CTYPE '" + literal(row.getString(3))
                        + "'");
                ScratchDatabase scratch = new ScratchDatabase(maintenance, details, name, serverMajor);
                create.execute("COMMENT ON DATABASE " + name + " IS 'Scratch copy of " + literal(row.getString(4))
                        + " for a Lockstep plan, created " + now + "; dropped when the plan ends, or by the next plan"
                        + " once older than " + STALE.toMinutes() + " minutes.'");
                return scratch;
            } catch (SQLException e) {
                dropQuietly(maintenance, name, serverMajor);
                throw e;
            }
        }
    }

    String name() {
        return name;
    }

    /** A data source for the scratch database, with the target's credentials. */
    DataSource dataSource() {
        return dataSource(details, name);
    }

    /** A new connection of its own to {@code database} on the target's server (the target itself when null). */
    static Connection connect(ConnectionDetails details, @Nullable String database) throws SQLException {
        return dataSource(details, database).getConnection();
    }

    private static DataSource dataSource(ConnectionDetails details, @Nullable String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(details.jdbcUrl());
        if (database != null) {
            dataSource.setDatabaseName(database);
        }
        dataSource.setApplicationName("lockstep-plan");
        if (details.user() != null) {
            dataSource.setUser(details.user());
        }
        if (details.password() != null) {
            dataSource.setPassword(details.password());
        }
        return dataSource;
    }

    /** Drops the database, ending any session still on it; a failure is logged, never thrown over the plan's outcome. */
    @Override
    public void close() {
        dropQuietly(maintenance, name, serverMajor);
    }

    /**
     * Drops the scratch databases that plans left behind more than {@link #STALE} ago (a killed process cannot drop its
     * own); returns their names. Databases of other owners are left alone.
     */
    static List<String> dropStale(Connection maintenance, Instant now, int serverMajor) throws SQLException {
        List<String> dropped = new ArrayList<>();
        try (PreparedStatement query = maintenance.prepareStatement(
                "SELECT datname FROM pg_database WHERE datname LIKE 'lockstep\\_plan\\_%'"
                        + " AND pg_has_role(current_user, datdba, 'MEMBER')");
                ResultSet row = query.executeQuery()) {
            while (row.next()) {
                String database = row.getString(1);
                Instant created = createdAt(database);
                if (created != null && created.isBefore(now.minus(STALE)) && dropQuietly(maintenance, database,
                        serverMajor)) {
                    dropped.add(database);
                }
            }
        }
        return dropped;
    }

    /** When a scratch database was created, read from its name; null for a name Lockstep did not make. */
    static @Nullable Instant createdAt(String database) {
        Matcher matcher = NAME.matcher(database);
        return matcher.matches() ? LocalDateTime.parse(matcher.group(1), STAMP).toInstant(ZoneOffset.UTC) : null;
    }

    private static boolean dropQuietly(Connection maintenance, String database, int serverMajor) {
        try (Statement statement = maintenance.createStatement()) {
            if (serverMajor < 13) {
                try (PreparedStatement end = maintenance.prepareStatement("SELECT pg_terminate_backend(pid)"
                        + " FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    end.setString(1, database);
                    end.execute();
                }
            }
            statement.execute("DROP DATABASE IF EXISTS " + database + (serverMajor >= 13 ? " WITH (FORCE)" : ""));
            return true;
        } catch (SQLException e) {
            log.warn("Could not drop the scratch database {} of a Lockstep plan: {}. Drop it by hand: DROP DATABASE {};",
                    database, e.getMessage(), database);
            return false;
        }
    }

    private static String literal(String text) {
        return text.replace("'", "''");
    }
}
