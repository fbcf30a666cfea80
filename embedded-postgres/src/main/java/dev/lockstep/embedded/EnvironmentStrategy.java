package dev.lockstep.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL named by {@code LOCKSTEP_TEST_JDBC_URL} (CI services, a developer's own server): the URL points at a
 * database of an account that may create roles and databases; {@code LOCKSTEP_TEST_USER} and
 * {@code LOCKSTEP_TEST_PASSWORD} are its credentials.
 */
final class EnvironmentStrategy {
    static final String KIND = "environment";
    static final String URL_VARIABLE = "LOCKSTEP_TEST_JDBC_URL";
    static final String USER_VARIABLE = "LOCKSTEP_TEST_USER";
    static final String PASSWORD_VARIABLE = "LOCKSTEP_TEST_PASSWORD";
    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/?#]+)/([^/?#]*)(?:\\?(.*))?");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[^\\]]+\\]|[^:\\[\\]]+)(?::(\\d+))?");

    private EnvironmentStrategy() {}

    /** The endpoint when the variable is set; empty when it is not. A malformed URL is an error, not a fallback. */
    static Optional<Endpoint> fromEnvironment(Map<String, String> environment) {
        String url = environment.get(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        Matcher matcher = URL.matcher(url.strip());
        if (!matcher.matches()) {
            throw new IllegalStateException(URL_VARIABLE + " is set but is not a URL of the form"
                    + " jdbc:postgresql://host[:port]/database[?parameters]: " + redact(url)
                    + ". Fix it, or unset it to let Lockstep start a throwaway PostgreSQL.");
        }
        Matcher hostPort = HOST_PORT.matcher(matcher.group(1));
        if (!hostPort.matches()) {
            throw new IllegalStateException(URL_VARIABLE + " names more than one host or a host this fixture cannot"
                    + " read (" + matcher.group(1) + "). Give a single host:port.");
        }
        String host = hostPort.group(1);
        int port = hostPort.group(2) == null ? 5432 : Integer.parseInt(hostPort.group(2));
        String database = matcher.group(2).isEmpty() ? "postgres" : matcher.group(2);

        List<String> kept = new ArrayList<>();
        String urlUser = null;
        String urlPassword = null;
        if (matcher.group(3) != null) {
            for (String parameter : matcher.group(3).split("&")) {
                String key = parameter.split("=", 2)[0].toLowerCase(Locale.ROOT);
                String value = parameter.contains("=") ? parameter.split("=", 2)[1] : "";
                if (key.equals("user")) {
                    urlUser = value;
                } else if (key.equals("password")) {
                    urlPassword = value;
                } else if (!parameter.isEmpty()) {
                    // Other parameters (sslmode, ...) apply to every created database's URL too.
                    kept.add(parameter);
                }
            }
        }
        String user = firstNonBlank(environment.get(USER_VARIABLE), urlUser, "postgres");
        String password = firstNonBlank(environment.get(PASSWORD_VARIABLE), urlPassword, "");
        String parameters = kept.isEmpty() ? "" : "?" + String.join("&", kept);
        return Optional.of(new Endpoint(KIND, host, port, user, password, database, parameters, null, null, null,
                "PostgreSQL from " + URL_VARIABLE, () -> { }));
    }

    /** The URL with a password parameter masked, for messages. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    private static String firstNonBlank(@Nullable String first, @Nullable String second, String fallback) {
        if (first != null && !first.isBlank()) {
            return first;
        }
        return second != null && !second.isBlank() ? second : fallback;
    }
}
