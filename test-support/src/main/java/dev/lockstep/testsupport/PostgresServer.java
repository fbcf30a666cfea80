package dev.lockstep.testsupport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one PostgreSQL server of this JVM's tests, started on first use and stopped when the JVM exits.
 *
 * <p>Where it comes from, in this order:
 * <ol>
 *   <li>{@code LOCKSTEP_TEST_JDBC_URL} (with {@code LOCKSTEP_TEST_USER} and {@code LOCKSTEP_TEST_PASSWORD}): an
 *       existing server, through an account that may create roles and databases;</li>
 *   <li>a Testcontainers {@code postgres:15-alpine} container, when a Docker engine answers;</li>
 *   <li>a private cluster made with the locally installed PostgreSQL server programs, password-protected over TCP on
 *       127.0.0.1, deleted at exit (and by a watchdog process if the JVM is killed).</li>
 * </ol>
 *
 * <p>Tests do not use the admin account: {@link #createDatabase(String)} gives each test class its own database,
 * owned by its own non-superuser role.
 */
public final class PostgresServer {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final String APPLICATION_NAME = "lockstep-test-support";
    private static final Driver DRIVER = new Driver();
    private static final Object LOCK = new Object();
    private static @Nullable PostgresServer shared;
    private static @Nullable IllegalStateException startFailure;

    private final Endpoint endpoint;
    private final String serverVersion;
    private final int majorVersion;
    private final AtomicInteger databaseCounter = new AtomicInteger();
    private final Set<TestDatabase> openDatabases = ConcurrentHashMap.newKeySet();

    private PostgresServer(Endpoint endpoint) {
        this.endpoint = endpoint;
        this.serverVersion = queryAsAdmin("SHOW server_version");
        this.majorVersion = Integer.parseInt(queryAsAdmin("SHOW server_version_num")) / 10_000;
    }

    /**
     * The server of this JVM, started on the first call (thread-safe); every later call returns the same one. A
     * failure to start is remembered, so that each test class fails at once with the same explanation instead of
     * trying again.
     *
     * @throws IllegalStateException when no way of obtaining a PostgreSQL works here; the message lists each way and
     *     why it failed
     */
    public static PostgresServer shared() {
        synchronized (LOCK) {
            if (shared != null) {
                return shared;
            }
            if (startFailure != null) {
                throw new IllegalStateException(startFailure.getMessage(), startFailure);
            }
            try {
                shared = start();
                return shared;
            } catch (IllegalStateException e) {
                startFailure = e;
                throw e;
            }
        }
    }

    public String host() {
        return endpoint.host();
    }

    public int port() {
        return endpoint.port();
    }

    /** The account that creates and drops the test databases (a superuser, or one with CREATEROLE and CREATEDB). */
    public String adminUser() {
        return endpoint.adminUser();
    }

    public String adminPassword() {
        return endpoint.adminPassword();
    }

    /** The JDBC URL of a database on this server, without credentials. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/" + database
                + endpoint.urlParameters();
    }

    public int majorVersion() {
        return majorVersion;
    }

    /** "environment", "testcontainers" or "local": where this server came from. */
    public String kind() {
        return endpoint.kind();
    }

    /** Where the server runs and which version it is, for logs and messages; never a password. */
    public String describe() {
        return endpoint.details() + "; PostgreSQL " + serverVersion + " at " + endpoint.host() + ":" + endpoint.port()
                + ", admin user " + endpoint.adminUser();
    }

    /** The directory of the server programs, when this fixture runs them itself. */
    public Optional<Path> binDir() {
        return Optional.ofNullable(endpoint.binDir());
    }

    /**
     * Creates a fresh database owned by a fresh LOGIN role (not a superuser) with its own random password. The name
     * is the prefix in lower case ({@code MultiProcessTest} becomes {@code multi_process_test}) followed by a counter
     * and a random suffix, so that JVMs sharing one server never collide.
     */
    public TestDatabase createDatabase(String namePrefix) {
        String name = DatabaseNames.unique(namePrefix, databaseCounter.incrementAndGet());
        String password = Passwords.generate();
        boolean roleCreated = false;
        try (Connection admin = adminConnection(endpoint.adminDatabase());
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + quote(name) + " LOGIN");
            roleCreated = true;
            // The verifier is computed here and only it reaches the server: a plain-text password in a statement
            // would be written to the server log if that statement failed.
            admin.unwrap(PGConnection.class).alterUserPassword(name, password.toCharArray(), "scram-sha-256");
            statement.execute("CREATE DATABASE " + quote(name) + " OWNER " + quote(name));
        } catch (SQLException e) {
            IllegalStateException failure = new IllegalStateException("Cannot create the test database " + name
                    + " on " + describe() + ": " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + "). The admin"
                    + " user " + adminUser() + " needs CREATEROLE and CREATEDB; a superuser has both.", e);
            if (roleCreated) {
                dropRoleQuietly(name, failure);
            }
            throw failure;
        }
        TestDatabase database = new TestDatabase(this, name, name, password);
        openDatabases.add(database);
        LOG.debug("Created test database {} owned by role {}", name, name);
        return database;
    }

    @Override
    public String toString() {
        return describe();
    }

    /** A new admin connection to a database of this server; the caller closes it. */
    Connection adminConnection(String database) throws SQLException {
        return connect(jdbcUrl(database), endpoint.adminUser(), endpoint.adminPassword());
    }

    /** Drops a database (ending its sessions) and its owner role. */
    void drop(TestDatabase database) {
        openDatabases.remove(database);
        String name = quote(database.name());
        try (Connection admin = adminConnection(endpoint.adminDatabase());
                Statement statement = admin.createStatement()) {
            if (majorVersion >= 13) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } else {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + database.name() + "'");
                statement.execute("DROP DATABASE IF EXISTS " + name);
            }
            statement.execute("DROP ROLE IF EXISTS " + quote(database.user()));
        } catch (SQLException e) {
            throw new TestSqlException("DROP DATABASE " + name + " WITH (FORCE); DROP ROLE " + quote(database.user()),
                    "Cannot drop the test database on " + describe(), e);
        }
        LOG.debug("Dropped test database {} and its role", database.name());
    }

    /** The private directory of a local cluster; for this module's own tests. */
    Optional<Path> directory() {
        return Optional.ofNullable(endpoint.directory());
    }

    static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        // Straight to the driver: DriverManager may not see it under some class loaders (exec:java).
        Connection connection = DRIVER.connect(url, properties);
        if (connection == null) {
            throw new SQLException("The PostgreSQL driver does not accept the URL " + url);
        }
        return connection;
    }

    private static PostgresServer start() {
        long startedAt = System.nanoTime();
        Endpoint endpoint = Strategies.obtain();
        PostgresServer server;
        try {
            server = new PostgresServer(endpoint);
        } catch (RuntimeException e) {
            endpoint.stop().run();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "lockstep-test-postgres-shutdown"));
        LOG.info("PostgreSQL for tests: {} (ready in {} ms)", server.describe(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        return server;
    }

    private String queryAsAdmin(String sql) {
        try (Connection admin = adminConnection(endpoint.adminDatabase());
                Statement statement = admin.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        } catch (SQLException e) {
            String fix = endpoint.kind().equals(EnvironmentStrategy.KIND)
                    ? " Fix " + EnvironmentStrategy.URL_VARIABLE + ", " + EnvironmentStrategy.USER_VARIABLE + " and "
                            + EnvironmentStrategy.PASSWORD_VARIABLE + ", or unset " + EnvironmentStrategy.URL_VARIABLE
                            + " to let the tests start their own PostgreSQL."
                    : "";
            throw new IllegalStateException("Cannot connect to " + endpoint.details() + " at "
                    + jdbcUrl(endpoint.adminDatabase()) + " as " + endpoint.adminUser() + ": " + e.getMessage()
                    + " (SQLSTATE " + e.getSQLState() + ")." + fix, e);
        }
    }

    /** Runs at JVM exit: drops what tests left on a server we do not own, stops the one we do. */
    private void shutdown() {
        if (endpoint.kind().equals(EnvironmentStrategy.KIND)) {
            for (TestDatabase database : List.copyOf(openDatabases)) {
                try {
                    database.close();
                } catch (RuntimeException e) {
                    LOG.debug("Cannot drop test database {} at exit: {}", database.name(), e.getMessage());
                }
            }
        }
        endpoint.stop().run();
    }

    /** Drops the role made for a database that could not be created; CREATE DATABASE itself leaves nothing. */
    private void dropRoleQuietly(String role, Exception failure) {
        try (Connection admin = adminConnection(endpoint.adminDatabase());
                Statement statement = admin.createStatement()) {
            statement.execute("DROP ROLE IF EXISTS " + quote(role));
        } catch (SQLException e) {
            // Cleanup never hides the original error.
            failure.addSuppressed(e);
        }
    }

    /** Names built by {@link DatabaseNames} hold only [a-z0-9_]; quoting keeps reserved words such as "user" valid. */
    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
