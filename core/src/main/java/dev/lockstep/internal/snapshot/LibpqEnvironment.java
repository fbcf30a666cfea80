package dev.lockstep.internal.snapshot;

import dev.lockstep.ErrorCode;
import dev.lockstep.SnapshotFailedException;
import dev.lockstep.internal.connect.ConnectionDetails;
import dev.lockstep.internal.connect.JdbcUrl;
import dev.lockstep.internal.connect.Redactor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The libpq environment ({@code PGHOST}, {@code PGPORT}, ...) that makes a pg_dump or pg_restore child connect to the
 * database the JDBC connection uses, translated from the URL as pgjdbc parses it ({@link JdbcUrl}) and the connection
 * details. The password never travels in the environment or on a command line: {@link #createPassfile} writes it to a
 * 0600 {@link Passfile}, and {@link #applyTo} points {@code PGPASSFILE} at it.
 *
 * <p>Translated: hosts and ports, database, user, {@code sslmode} (or {@code ssl}), {@code sslrootcert},
 * {@code sslcert}, {@code sslkey}, {@code options}, {@code connectTimeout} and {@code targetServerType}, and a unix
 * socket given through junixsocket's socket factory. Every other URL parameter is dropped. pgjdbc's rules decide
 * where the two differ: {@code ssl=true} alone means {@code verify-full}, and {@code ssl=false} alone leaves pgjdbc's
 * default {@code prefer} in place, as it does for the JDBC connection.
 */
public final class LibpqEnvironment {
    private static final String UNIX_SOCKET_FACTORY = "org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg";
    // libpq names a server's socket <directory>/.s.PGSQL.<port>
    private static final Pattern SOCKET_FILE = Pattern.compile("(/.*)/\\.s\\.PGSQL\\.(\\d+)");
    private static final List<String> SSL_MODES =
            List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    private static final Map<String, String> SESSION_ATTRS = Map.of("any", "any", "primary", "primary",
            "master", "primary", "secondary", "standby", "slave", "standby", "preferSecondary", "prefer-standby",
            "preferSlave", "prefer-standby");
    private static final Map<String, String> PASSED_THROUGH = Map.of("sslrootcert", "PGSSLROOTCERT",
            "sslcert", "PGSSLCERT", "sslkey", "PGSSLKEY", "options", "PGOPTIONS");
    private static final String HOW_TO_PROVIDE = "Pass them with Lockstep.Builder.connectionDetails(jdbcUrl, user,"
            + " password) in plain Java (the Spring Boot starter and the Quarkus extension pass them from the"
            + " datasource configuration), or set snapshot.enabled=false to migrate without snapshots.";

    private final Map<String, String> variables;
    private final @Nullable String password;

    private LibpqEnvironment(Map<String, String> variables, @Nullable String password) {
        this.variables = Collections.unmodifiableMap(new TreeMap<>(variables));
        this.password = password;
    }

    /**
     * Translates the connection details. {@code applicationName} becomes {@code PGAPPNAME} (the URL's
     * {@code ApplicationName} is ignored, so that the child's server session can be found by it);
     * {@code connectTimeout} becomes {@code PGCONNECT_TIMEOUT} in whole seconds, unless the URL sets
     * {@code connectTimeout}.
     *
     * @throws SnapshotFailedException when the details are missing (a DataSource that hides them), name no user, or
     *     hold a URL that cannot be translated; the message says how to fix it
     */
    public static LibpqEnvironment of(@Nullable ConnectionDetails details, String applicationName,
            Duration connectTimeout) {
        Objects.requireNonNull(applicationName, "applicationName");
        if (details == null) {
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "pg_dump needs the database's JDBC URL, user"
                    + " and password, and the DataSource does not reveal them. " + HOW_TO_PROVIDE);
        }
        JdbcUrl url;
        try {
            url = JdbcUrl.parse(details.jdbcUrl());
        } catch (IllegalArgumentException e) {
            throw malformed(details, null, e.getMessage());
        }
        String user = firstNonEmpty(details.user(), url.parameter("user"));
        if (user == null) {
            throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "pg_dump needs a user name to connect to "
                    + details.redactedUrl() + ", and neither the connection details nor the URL's user parameter"
                    + " give one. " + HOW_TO_PROVIDE);
        }
        Map<String, String> variables = new HashMap<>();
        Address address = address(details, url);
        variables.put("PGHOST", String.join(",", address.hosts()));
        variables.put("PGPORT", String.join(",", address.ports()));
        variables.put("PGDATABASE", url.database().isEmpty() ? user : url.database()); // pgjdbc's default, too
        variables.put("PGUSER", user);
        variables.put("PGAPPNAME", applicationName);
        variables.put("PGSSLMODE", sslMode(details, url));
        variables.put("PGCONNECT_TIMEOUT", connectTimeout(details, url, connectTimeout));
        PASSED_THROUGH.forEach((parameter, variable) -> {
            String value = url.parameter(parameter);
            if (value != null && !value.isEmpty()) {
                variables.put(variable, value);
            }
        });
        String sessionAttrs = SESSION_ATTRS.get(Objects.requireNonNullElse(url.parameter("targetServerType"), ""));
        if (sessionAttrs != null) {
            variables.put("PGTARGETSESSIONATTRS", sessionAttrs);
        }
        return new LibpqEnvironment(variables, firstNonEmpty(details.password(), url.parameter("password")));
    }

    /** The same connection to another database, e.g. the maintenance database {@code postgres} for a restore. */
    public LibpqEnvironment withDatabase(String database) {
        Map<String, String> changed = new HashMap<>(variables);
        changed.put("PGDATABASE", Objects.requireNonNull(database, "database"));
        return new LibpqEnvironment(changed, password);
    }

    /** The database the child connects to. */
    public String database() {
        return variables.get("PGDATABASE");
    }

    /** The variables for the child, sorted by name; never a password, and without {@code PGPASSFILE}. */
    public Map<String, String> variables() {
        return variables;
    }

    /** Whether the child needs a password file: the details or the URL hold a password. */
    public boolean hasPassword() {
        return password != null;
    }

    /** A new password file in {@code directory} for the child; null when there is no password. Close it afterwards. */
    public @Nullable Passfile createPassfile(Path directory) {
        return password == null ? null : Passfile.create(directory, password);
    }

    /**
     * Prepares a child's environment: removes every inherited {@code PG*} variable (a stray {@code PGPASSWORD},
     * {@code PGHOST} or {@code PGSERVICE} of the service must neither authenticate nor redirect the child), then sets
     * {@link #variables()} and, when there is a password, {@code PGPASSFILE}.
     *
     * @throws IllegalArgumentException when there is a password but no password file
     */
    public void applyTo(ProcessBuilder child, @Nullable Passfile passfile) {
        if (password != null && passfile == null) {
            throw new IllegalArgumentException("a password file is needed: call createPassfile first");
        }
        Map<String, String> environment = child.environment();
        environment.keySet().removeIf(name -> name.startsWith("PG"));
        environment.putAll(variables);
        if (password != null && passfile != null) {
            environment.put("PGPASSFILE", passfile.path().toString());
        }
    }

    @Override
    public String toString() {
        return "LibpqEnvironment" + variables + (password == null ? "" : " with a password file");
    }

    private static @Nullable String firstNonEmpty(@Nullable String first, @Nullable String second) {
        if (first != null && !first.isEmpty()) {
            return first;
        }
        return second == null || second.isEmpty() ? null : second;
    }

    private record Address(List<String> hosts, List<String> ports) {}

    /**
     * The URL's hosts and ports, or a unix socket given through junixsocket's socket factory: that factory ignores
     * the URL's host and connects to the socket file it is given, while libpq takes the socket's directory as the host
     * and finds the file by the port. Another socket factory reaches the server in a way pg_dump cannot follow, and
     * the URL's host would silently point elsewhere.
     */
    private static Address address(ConnectionDetails details, JdbcUrl url) {
        String factory = url.parameter("socketFactory");
        if (factory == null || factory.isEmpty()) {
            return new Address(url.hosts(), url.ports());
        }
        if (!factory.equals(UNIX_SOCKET_FACTORY)) {
            throw unreachable(details, url, "it connects through socketFactory " + factory
                    + ", which pg_dump cannot use");
        }
        Matcher socket = SOCKET_FILE.matcher(Objects.requireNonNullElse(url.parameter("socketFactoryArg"), ""));
        if (!socket.matches()) {
            throw unreachable(details, url, "socketFactoryArg does not name a PostgreSQL socket file"
                    + " (<directory>/.s.PGSQL.<port>)");
        }
        return new Address(List.of(socket.group(1)), List.of(socket.group(2)));
    }

    private static String sslMode(ConnectionDetails details, JdbcUrl url) {
        String mode = url.parameter("sslmode");
        if (mode != null) {
            mode = mode.toLowerCase(Locale.ROOT); // pgjdbc ignores the case
            if (!SSL_MODES.contains(mode)) {
                throw malformed(details, url, "sslmode " + mode + " is none of " + String.join(", ", SSL_MODES));
            }
            return mode;
        }
        String ssl = url.parameter("ssl");
        // pgjdbc: ssl or ssl=true alone verifies the server fully; anything else keeps the default.
        return ssl != null && (ssl.isEmpty() || ssl.equalsIgnoreCase("true")) ? "verify-full" : "prefer";
    }

    private static String connectTimeout(ConnectionDetails details, JdbcUrl url, Duration fallback) {
        String seconds = url.parameter("connectTimeout");
        if (seconds == null) {
            long millis = Math.max(0, fallback.toMillis());
            return Long.toString(Math.max(1, (millis + 999) / 1000));
        }
        if (!seconds.matches("\\d{1,9}")) {
            throw malformed(details, url, "connectTimeout " + seconds + " is not a whole number of seconds");
        }
        return Long.toString(Long.parseLong(seconds)); // 0 waits forever in pgjdbc and libpq alike
    }

    private static SnapshotFailedException malformed(ConnectionDetails details, @Nullable JdbcUrl url, String reason) {
        return failure(details, url, "The JDBC URL " + details.redactedUrl() + " cannot be translated for pg_dump: "
                + reason + ". Use the form jdbc:postgresql://host[:port][,host[:port]...]/database[?parameters], or set"
                + " snapshot.enabled=false to migrate without snapshots.");
    }

    private static SnapshotFailedException unreachable(ConnectionDetails details, JdbcUrl url, String reason) {
        return failure(details, url, "pg_dump cannot reach the database of the JDBC URL " + details.redactedUrl() + ": "
                + reason + ". Pass a URL with a host pg_dump can reach with Lockstep.Builder.connectionDetails("
                + "jdbcUrl, user, password), or set snapshot.enabled=false to migrate without snapshots.");
    }

    /** Reasons quote parameter values: mask a password that someone put where it does not belong. */
    private static SnapshotFailedException failure(ConnectionDetails details, @Nullable JdbcUrl url, String message) {
        return new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED,
                Redactor.redact(message, details.password(), url == null ? null : url.parameter("password")));
    }
}
