package dev.lockstep.embedded;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A running PostgreSQL this module may administer, whichever way it was obtained.
 *
 * @param kind "environment", "testcontainers" or "local"
 * @param adminDatabase the database the admin account connects to when it creates and drops databases
 * @param urlParameters appended to every JDBC URL ("" or "?sslmode=require..."), never credentials
 * @param binDir the server binaries, when this module runs them itself
 * @param directory the private directory of a local cluster
 * @param serverLog the log file of a local cluster
 * @param details where it runs, for {@link EmbeddedPostgres#describe()}; never a password
 * @param stop stops the server and removes what it left, when this module owns it
 */
record Endpoint(
        String kind,
        String host,
        int port,
        String adminUser,
        String adminPassword,
        String adminDatabase,
        String urlParameters,
        @Nullable Path binDir,
        @Nullable Path directory,
        @Nullable Path serverLog,
        String details,
        Runnable stop) {

    @Override
    public String toString() {
        // The record's generated toString would print the password.
        return kind + " " + host + ":" + port + " (" + details + ")";
    }
}
