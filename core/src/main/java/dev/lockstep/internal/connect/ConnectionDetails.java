package dev.lockstep.internal.connect;

import java.lang.reflect.Method;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * What it takes to open a connection of our own: a JDBC URL and credentials. {@link #toString()} never shows
 * the password.
 */
public record ConnectionDetails(String jdbcUrl, @Nullable String user, @Nullable String password) {

    /**
     * Reads URL, user and password from the bean getters that common data sources have (pgjdbc's
     * {@code getUrl/getUser/getPassword}, HikariCP's {@code getJdbcUrl/getUsername/getPassword}). Empty when the
     * DataSource hides them.
     */
    public static Optional<ConnectionDetails> of(DataSource dataSource) {
        String url = firstString(dataSource, "getJdbcUrl", "getUrl", "getURL");
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            return Optional.empty();
        }
        String user = firstString(dataSource, "getUsername", "getUser");
        String password = firstString(dataSource, "getPassword");
        return Optional.of(new ConnectionDetails(url, user, password));
    }

    /**
     * The URL for messages and logs: without its parameters (a DataSource's URL can list every driver default),
     * and with any password masked.
     */
    public String redactedUrl() {
        int parameters = jdbcUrl.indexOf('?');
        return Redactor.redact(parameters < 0 ? jdbcUrl : jdbcUrl.substring(0, parameters), password);
    }

    @Override
    public String toString() {
        return "ConnectionDetails[" + redactedUrl() + ", user=" + user + "]";
    }

    private static @Nullable String firstString(Object target, String... getters) {
        for (String getter : getters) {
            try {
                Method method = target.getClass().getMethod(getter);
                if (method.getReturnType() == String.class && method.getParameterCount() == 0) {
                    Object value = method.invoke(target);
                    if (value != null) {
                        return (String) value;
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Not this kind of DataSource: try the next getter.
            }
        }
        return null;
    }
}
