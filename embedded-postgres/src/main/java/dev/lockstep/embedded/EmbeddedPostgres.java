package dev.lockstep.embedded;

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
 * The one throwaway PostgreSQL server of this JVM, started on first use and stopped when the JVM exits: for the
 * samples and benchmarks when they are given no database, and underneath every test's database.
 *
 * <pre>{@code
 * EmbeddedDatabase db = EmbeddedPostgres.shared().createDatabase("lockstep_sample");
 * System.out.println("Database: " + db.jdbcUrl() + " as " + db.user());   // never the password
 * }</pre>
 *
 * <p>Where it comes from, in this order:
 * <ol>
 *   <li>{@code LOCKSTEP_TEST_JDBC_URL} (with {@code LOCKSTEP_TEST_USER} and {@code LOCKSTEP_TEST_PASSWORD}): an
 *       existing server, through an account that may create roles and databases;</li>
 *   <li>a Testcontainers {@code postgres:15-alpine} container, when Testcontainers is on the class path (this module
 *       declares it optional: add {@code org.testcontainers:testcontainers-postgresql} to use it) and a Docker engine
 *       answers;</li>
 *   <li>a private cluster made with the locally installed PostgreSQL server programs, password-protected over TCP on
 *       127.0.0.1, deleted at exit (and by a watchdog process if the JVM is killed).</li>
 * </ol>
 *
 * <p>Programs do not use the admin account: {@link #createDatabase(String)} gives each caller its own database,
 * owned by its own non-superuser role, as an application would have.
 */
public final class EmbeddedPostgres {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String APPLICATION_NAME = "lockstep-embedded-postgres";
    private static final Driver DRIVER = new Driver();
    private static final Object LOCK = new Object();
    private static @Nullable EmbeddedPostgres shared;
    private static @Nullable IllegalStateException startFailure;

    private final Endpoint endpoint;
    private final String serverVersion;
    private final int majorVersion;
    private final AtomicInteger databaseCounter = new AtomicInteger();
    private final Set<EmbeddedDatabase> openDatabases = ConcurrentHashMap.newKeySet();
    private final Set<String> passwordsHandedOut = ConcurrentHashMap.newKeySet();

    private EmbeddedPostgres(Endpoint endpoint) {
        this.endpoint = endpoint;
        this.passwordsHandedOut.add(endpoint.adminPassword());
        this.serverVersion = queryAsAdmin("SHOW server_version");
        this.majorVersion = Integer.parseInt(queryAsAdmin("SHOW server_version_num")) / 10_000;
    }

    /**
     * The server of this JVM, started on the first call (thread-safe); every later call returns the same one. A
     * failure to start is remembered, so that each later caller (each test class) fails at once with the same
     * explanation instead of trying again.
     *
     * @throws IllegalStateException when no way of obtaining a PostgreSQL works here; the message lists each way and
     *     why it failed
     */
    public static EmbeddedPostgres shared() {
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

    /** The server of this JVM if {@link #shared()} has started it; never starts one. */
    public static Optional<EmbeddedPostgres> started() {
        synchronized (LOCK) {
            return Optional.ofNullable(shared);
        }
    }

    /** The host to connect to. */
    public String host() {
        return endpoint.host();
    }

    /** The port to connect to. */
    public int port() {
        return endpoint.port();
    }

    /** The account that creates and drops the databases (a superuser, or one with CREATEROLE and CREATEDB). */
    public String adminUser() {
        return endpoint.adminUser();
    }

    /** The password of {@link #adminUser()}; keep it out of logs. */
    public String adminPassword() {
        return endpoint.adminPassword();
    }

    /** The JDBC URL of a database on this server, without credentials. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/" + database
                + endpoint.urlParameters();
    }

    /** The server's PostgreSQL major version, such as 15. */
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

    /** The directory of the server programs, when this module runs them itself. */
    public Optional<Path> binDir() {
        return Optional.ofNullable(endpoint.binDir());
    }

    /**
     * Every password this server handed out so far: the admin account's and each created database owner's, dropped
     * ones included, and those of the {@link HotStandby hot standbys} started meanwhile. For tests that prove none of
     * them reached a log line.
     */
    public Set<String> passwordsHandedOut() {
        return Set.copyOf(passwordsHandedOut);
    }

    /** The log file of a local cluster, which this module writes and deletes at exit. */
    public Optional<Path> serverLog() {
        return Optional.ofNullable(endpoint.serverLog());
    }

    /**
     * Creates a fresh database owned by a fresh LOGIN role (not a superuser) with its own random password. The name
     * is the prefix in lower case ({@code MultiProcessTest} becomes {@code multi_process_test}) followed by a counter
     * and a random suffix, so that JVMs sharing one server never collide.
     */
    public EmbeddedDatabase createDatabase(String namePrefix) {
        String name = DatabaseNames.unique(namePrefix, databaseCounter.incrementAndGet());
        String password = Passwords.generate();
        passwordsHandedOut.add(password);
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
            IllegalStateException failure = new IllegalStateException("Cannot create the database " + name
                    + " on " + describe() + ": " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + "). The admin"
                    + " user " + adminUser() + " needs CREATEROLE and CREATEDB; a superuser has both.", e);
            if (roleCreated) {
                dropRoleQuietly(name, failure);
            }
            throw failure;
        }
        EmbeddedDatabase database = new EmbeddedDatabase(this, name, name, password);
        openDatabases.add(database);
        LOG.debug("Created database {} owned by role {}", name, name);
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
    void drop(EmbeddedDatabase database) {
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
            throw new EmbeddedSqlException("DROP DATABASE " + name + " WITH (FORCE); DROP ROLE "
                    + quote(database.user()), "Cannot drop the database on " + describe(), e);
        }
        LOG.debug("Dropped database {} and its role", database.name());
    }

    /** The private directory of a local cluster; for this module's own tests. */
    Optional<Path> directory() {
        return Optional.ofNullable(endpoint.directory());
    }

    /** Notes a password handed out by another server of this module, such as a {@link HotStandby}'s. */
    void handedOut(String password) {
        passwordsHandedOut.add(password);
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

    private static EmbeddedPostgres start() {
        long startedAt = System.nanoTime();
        Endpoint endpoint = Strategies.obtain();
        EmbeddedPostgres server;
        try {
            server = new EmbeddedPostgres(endpoint);
        } catch (RuntimeException e) {
            endpoint.stop().run();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "lockstep-embedded-postgres-shutdown"));
        LOG.info("Throwaway PostgreSQL: {} (ready in {} ms)", server.describe(),
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
                            + " to let Lockstep start a throwaway PostgreSQL."
                    : "";
            throw new IllegalStateException("Cannot connect to " + endpoint.details() + " at "
                    + jdbcUrl(endpoint.adminDatabase()) + " as " + endpoint.adminUser() + ": " + e.getMessage()
                    + " (SQLSTATE " + e.getSQLState() + ")." + fix, e);
        }
    }

    /** Runs at JVM exit: drops the databases left on a server we do not own, stops the one we do. */
    private void shutdown() {
        if (endpoint.kind().equals(EnvironmentStrategy.KIND)) {
            for (EmbeddedDatabase database : List.copyOf(openDatabases)) {
                try {
                    database.close();
                } catch (RuntimeException e) {
                    LOG.debug("Cannot drop database {} at exit: {}", database.name(), e.getMessage());
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
