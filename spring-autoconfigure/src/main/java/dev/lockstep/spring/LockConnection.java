package dev.lockstep.spring;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * How Lockstep opens its dedicated lock connection when Spring Boot gave Flyway a DataSource that hides its
 * credentials. With {@code spring.flyway.url} or {@code spring.flyway.user} set, Boot builds Flyway a
 * {@code SimpleDriverDataSource}, which does not tell its URL and password; the same details Boot used are passed
 * on here. Otherwise Flyway uses the application's DataSource (HikariCP), which Lockstep reads itself.
 */
record LockConnection(String url, @Nullable String user, @Nullable String password) {

    static Optional<LockConnection> of(@Nullable FlywayConnectionDetails flyway, @Nullable JdbcConnectionDetails jdbc) {
        if (flyway == null) {
            return Optional.empty();
        }
        if (flyway.getJdbcUrl() != null) {
            return Optional.of(new LockConnection(flyway.getJdbcUrl(), flyway.getUsername(), flyway.getPassword()));
        }
        if (flyway.getUsername() != null && jdbc != null) {
            return Optional.of(new LockConnection(jdbc.getJdbcUrl(), flyway.getUsername(), flyway.getPassword()));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        // The generated toString would print the password.
        return "LockConnection[" + url + " as " + user + "]";
    }
}
