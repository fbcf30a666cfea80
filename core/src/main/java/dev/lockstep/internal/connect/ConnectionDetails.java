package dev.lockstep.internal.connect;

import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * What it takes to open a connection of our own: a JDBC URL and credentials. {@link #toString()} never shows
 * the password.
 */
public record ConnectionDetails(String jdbcUrl, @Nullable String user, @Nullable String password) {

    /**
     * Reads URL, user and password from the DataSource, or from the pgjdbc DataSource a pool wraps (see
     * {@link DataSourceCredentials}). Empty when the DataSource hides them.
     */
    public static Optional<ConnectionDetails> of(DataSource dataSource) {
        return DataSourceCredentials.of(dataSource);
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
}
