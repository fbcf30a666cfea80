package dev.lockstep.internal.connect;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import dev.lockstep.internal.config.Durations;
import dev.lockstep.internal.Backoff;
import dev.lockstep.internal.status.QueryLimits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens Lockstep's connections: the dedicated lock connection (retried until {@code connect-timeout}, since a
 * container often starts before its database) and short borrowed ones for probes and the run history.
 */
public final class Connections {
    private static final Logger log = LoggerFactory.getLogger(Connections.class);

    private final DataSource dataSource;
    private final @Nullable ConnectionDetails details;
    private final String applicationName;
    /** The settings each connection lent by the DataSource had before Lockstep named it, to give back at close. */
    private final Map<Connection, List<String>> lentSettings = Collections.synchronizedMap(new IdentityHashMap<>());

    public Connections(DataSource dataSource, @Nullable ConnectionDetails details, String applicationName) {
        this.dataSource = dataSource;
        this.details = details != null ? details : ConnectionDetails.of(dataSource).orElse(null);
        this.applicationName = applicationName;
    }

    /** URL and credentials when the DataSource or the builder told them; how child processes such as pg_dump connect. */
    public @Nullable ConnectionDetails details() {
        return details;
    }

    /** The DataSource the application gave. */
    DataSource dataSource() {
        return dataSource;
    }

    /** The database as messages may show it: the URL without password, or the DataSource's class. */
    public String target() {
        return details != null ? details.redactedUrl() : "the DataSource " + dataSource.getClass().getName();
    }

    /**
     * A connection of its own for holding the lock, opened with the driver when the URL and credentials are
     * known, else borrowed from the DataSource. Retries until {@code connectTimeout}; fails at once on refused
     * credentials or a missing database, where retrying cannot help.
     */
    public Connection openDedicated(Duration connectTimeout) {
        return retrying(connectTimeout, () -> {
            Connection connection = details != null ? openWithDriver(details) : dataSource.getConnection();
            nameSession(SupportedDatabase.require(connection, target()), details == null);
            return connection;
        });
    }

    /**
     * A connection from the DataSource, retried like {@link #openDedicated}: the run's first connection, refused with
     * UNSUPPORTED_DATABASE when the DataSource is not PostgreSQL.
     */
    public Connection borrow(Duration connectTimeout) {
        return retrying(connectTimeout, () -> SupportedDatabase.require(dataSource.getConnection(), target()));
    }

    private interface Opener {
        Connection open() throws SQLException;
    }

    private Connection retrying(Duration connectTimeout, Opener opener) {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                return opener.open();
            } catch (SQLException e) {
                String state = e.getSQLState();
                if (!isTransient(state)) {
                    throw refused(e);
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new LockstepException(ErrorCode.CONNECTION_FAILED, "Could not connect to " + target()
                            + " within connect-timeout=" + Durations.format(connectTimeout) + " (" + attempts
                            + " attempts): " + sentence(redact(e.getMessage())) + " Check that the database is running and"
                            + " reachable from this host, or raise connect-timeout if it starts slowly.");
                }
                log.debug("Connection attempt {} to {} failed ({}); retrying", attempts, target(), redact(e.getMessage()));
                backoff.pause(Duration.ofNanos(remaining));
            }
        }
    }

    /**
     * Closes a connection from {@link #openDedicated}; one lent by the DataSource's pool first gets back the
     * application_name and timeouts it had, so that the application's sessions are not labelled as Lockstep's. Its
     * own values, not the session defaults: pgjdbc and applications set them after login.
     */
    public void close(Connection connection) {
        List<String> lent = lentSettings.remove(connection);
        try (connection) {
            if (lent != null && !connection.isClosed()) {
                setSession(connection, lent);
            }
        } catch (SQLException e) {
            log.debug("could not reset and close the lock connection: {}", redact(e.getMessage()));
        }
    }

    /** A connection from the DataSource for one short piece of work (status probe, run history). */
    public Connection borrow() throws SQLException {
        return dataSource.getConnection();
    }

    /** Ends a driver message with exactly one full stop. */
    private static String sentence(String text) {
        String trimmed = text.strip();
        return trimmed.endsWith(".") ? trimmed : trimmed + ".";
    }

    public String redact(@Nullable String text) {
        return details == null ? Redactor.redact(text) : Redactor.redact(text, details.password());
    }

    /**
     * A copy of {@code error}'s chain with every message redacted like {@link #redact(String)}: the cause to give a
     * thrown exception, whose chain frameworks print.
     */
    public @Nullable Throwable redact(@Nullable Throwable error) {
        return RedactedCopy.of(error, this::redact);
    }

    private Connection openWithDriver(ConnectionDetails target) throws SQLException {
        Properties properties = new Properties();
        if (target.user() != null) {
            properties.setProperty("user", target.user());
        }
        if (target.password() != null) {
            properties.setProperty("password", target.password());
        }
        // The lock connection sits idle for the whole run: keep-alives let both ends notice a dead peer.
        properties.setProperty("tcpKeepAlive", "true");
        Connection connection = new org.postgresql.Driver().connect(target.jdbcUrl(), properties);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + target.redactedUrl(), "08001");
        }
        return connection;
    }

    /**
     * Sets application_name so other instances and operators can tell who holds the lock, and Lockstep's own
     * {@link QueryLimits} for the session, so that a role's {@code statement_timeout} or {@code lock_timeout} cannot
     * cancel the lock's queries. A connection lent by the DataSource first has its own values noted, for
     * {@link #close} to give back.
     */
    private void nameSession(Connection connection, boolean lent) throws SQLException {
        try {
            if (lent) {
                lentSettings.put(connection, sessionSettings(connection));
            }
            setSession(connection, List.of(applicationName, String.valueOf(QueryLimits.STATEMENT_TIMEOUT.toMillis()),
                    String.valueOf(QueryLimits.LOCK_TIMEOUT.toMillis())));
        } catch (SQLException e) {
            lentSettings.remove(connection);
            connection.close();
            throw e;
        }
    }

    /** Sets application_name, statement_timeout and lock_timeout, in that order, for the session. */
    private static void setSession(Connection connection, List<String> values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('application_name', ?,"
                + " false), set_config('statement_timeout', ?, false), set_config('lock_timeout', ?, false)")) {
            for (int i = 0; i < values.size(); i++) {
                statement.setString(i + 1, values.get(i));
            }
            statement.execute();
        }
    }

    /** application_name, statement_timeout and lock_timeout, in {@link #setSession}'s order. */
    private static List<String> sessionSettings(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT current_setting('application_name'),"
                + " current_setting('statement_timeout'), current_setting('lock_timeout')");
                ResultSet row = statement.executeQuery()) {
            row.next();
            return List.of(row.getString(1), row.getString(2), row.getString(3));
        }
    }

    private LockstepException refused(SQLException e) {
        String user = details != null ? details.user() : null;
        String database = "";
        if (details != null) {
            try {
                database = JdbcUrl.parse(details.jdbcUrl()).database();
            } catch (IllegalArgumentException unparsable) {
                database = "";
            }
        }
        return ConnectionRefusal.of(e, target(), redact(e.getMessage()), user, database);
    }

    /** Connection exceptions (08...), "the database system is starting up", too many connections. */
    static boolean isTransient(@Nullable String sqlState) {
        return ConnectionRefusal.isTransient(sqlState);
    }

    /** Whether an error means the database could not be reached or let us in, rather than that a query failed. */
    public static boolean isUnreachable(@Nullable String sqlState) {
        return ConnectionRefusal.isUnreachable(sqlState);
    }
}
