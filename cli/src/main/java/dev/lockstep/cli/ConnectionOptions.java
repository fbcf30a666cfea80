package dev.lockstep.cli;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;
import picocli.CommandLine.Option;

/**
 * Where the database is and who connects: {@code --url} and {@code --user} (or {@code LOCKSTEP_URL},
 * {@code LOCKSTEP_USER}). The password never comes from the command line, which every user of the machine can read:
 * it comes from {@code --password-file}, {@code LOCKSTEP_PASSWORD}, {@code PGPASSWORD} or libpq's password file.
 */
final class ConnectionOptions {
    static final String URL_VARIABLE = "LOCKSTEP_URL";
    static final String USER_VARIABLE = "LOCKSTEP_USER";
    static final String PASSWORD_VARIABLE = "LOCKSTEP_PASSWORD";

    @Option(names = "--url", paramLabel = "<jdbc-url>", order = 1,
            description = "The database: jdbc:postgresql://host:5432/database (env: " + URL_VARIABLE + ").")
    @Nullable String url;

    @Option(names = "--user", paramLabel = "<user>", order = 2,
            description = "The user to connect as (env: " + USER_VARIABLE + "; else the URL's user, PGUSER, or the"
                    + " operating system user, as psql does).")
    @Nullable String user;

    @Option(names = "--password-file", paramLabel = "<file>", order = 3,
            description = "A file holding the password (its first line). Else " + PASSWORD_VARIABLE + ", PGPASSWORD or"
                    + " ~/.pgpass (PGPASSFILE) are read. There is no --password: other users can read a command line.")
    @Nullable Path passwordFile;

    /** What it takes to connect, read from the options and the environment. */
    record Login(String url, String user, @Nullable String password, String passwordSource) {
        @Override
        public String toString() {
            return "Login[" + url + " as " + user + ", password from " + passwordSource + "]";
        }
    }

    Login login(Map<String, String> environment, Consumer<String> warn) {
        String jdbcUrl = url != null ? url : environment.get(URL_VARIABLE);
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw usage("No database given. Pass --url jdbc:postgresql://host:5432/database, or set " + URL_VARIABLE
                    + ".");
        }
        Properties parsed = Driver.parseURL(jdbcUrl, null);
        if (!jdbcUrl.startsWith("jdbc:postgresql:") || parsed == null) {
            throw usage("--url must be a PostgreSQL JDBC URL such as jdbc:postgresql://host:5432/database; the one"
                    + " given does not parse as one.");
        }
        if (url != null && parsed.getProperty("password") != null) {
            throw usage("--url carries a password, and a command line is readable by every user of this machine."
                    + " Remove it from the URL and pass it in " + PASSWORD_VARIABLE + ", a --password-file, PGPASSWORD"
                    + " or ~/.pgpass.");
        }
        String login = firstOf(user, environment.get(USER_VARIABLE), parsed.getProperty("user"),
                environment.get("PGUSER"), System.getProperty("user.name"));
        if (parsed.getProperty("password") != null) {
            return new Login(jdbcUrl, login, null, URL_VARIABLE);
        }
        if (passwordFile != null) {
            return new Login(jdbcUrl, login, readPasswordFile(passwordFile), "--password-file");
        }
        for (String variable : new String[] {PASSWORD_VARIABLE, "PGPASSWORD"}) {
            String password = environment.get(variable);
            if (password != null && !password.isEmpty()) {
                return new Login(jdbcUrl, login, password, variable);
            }
        }
        Path file = pgpassFile(environment);
        Optional<String> password = PgPass.lookup(file, firstHost(parsed.getProperty("PGHOST")),
                firstHost(parsed.getProperty("PGPORT")), parsed.getProperty("PGDBNAME"), login, warn);
        return password.map(found -> new Login(jdbcUrl, login, found, file.toString()))
                .orElseGet(() -> new Login(jdbcUrl, login, null, "nowhere"));
    }

    private static Path pgpassFile(Map<String, String> environment) {
        String file = environment.get("PGPASSFILE");
        if (file != null && !file.isBlank()) {
            return Path.of(file);
        }
        return Path.of(System.getProperty("user.home"), ".pgpass");
    }

    private static String readPasswordFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw usage("Cannot read the --password-file " + file + ": " + e.getClass().getSimpleName() + " "
                    + e.getMessage() + ". Check the path and that this user may read it.");
        }
        String firstLine = text.lines().findFirst().orElse("");
        if (firstLine.isEmpty()) {
            throw usage("The --password-file " + file + " is empty; its first line must be the password.");
        }
        return firstLine;
    }

    /** pgjdbc lists several hosts (and their ports) comma-separated: libpq's file is matched with the first. */
    private static String firstHost(@Nullable String hosts) {
        if (hosts == null) {
            return "";
        }
        int comma = hosts.indexOf(',');
        return comma < 0 ? hosts : hosts.substring(0, comma);
    }

    private static String firstOf(@Nullable String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        throw usage("No user given. Pass --user, or set " + USER_VARIABLE + ".");
    }

    private static LockstepException usage(String message) {
        return new LockstepException(ErrorCode.INVALID_CONFIGURATION, message);
    }
}
