package dev.lockstep.embedded;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A throwaway server in hot standby, for tests of what an application meets when its datasource points at a
 * replica: {@code pg_is_in_recovery()} is true, reads work, every write is refused. It follows no primary; it is a
 * cluster fresh from initdb started with {@code standby.signal}, which is all a replica looks like to a client.
 *
 * <p>It needs the locally installed server programs (initdb, pg_ctl), whichever way the {@link EmbeddedPostgres#shared()
 * shared server} was obtained. {@link #close()} stops it and deletes its directory; a {@code Watchdog} does so when the
 * JVM is killed.
 */
public final class HotStandby implements AutoCloseable {
    private final Endpoint endpoint;

    private HotStandby(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Starts one; it accepts connections when this returns.
     *
     * @throws IllegalStateException when the server programs are not installed here; the message says where they were
     *     looked for
     */
    public static HotStandby start() {
        try {
            Endpoint endpoint = LocalCluster.start(true);
            // So that the leak checks of the tests that use it look for its password too.
            EmbeddedPostgres.started().ifPresent(server -> server.handedOut(endpoint.adminPassword()));
            return new HotStandby(endpoint);
        } catch (Unavailable e) {
            throw new IllegalStateException("Cannot start a hot standby: " + e.getMessage()
                    + ". It needs PostgreSQL's server programs installed locally (apt-get install postgresql).", e);
        }
    }

    /** The JDBC URL of its {@code postgres} database, without credentials. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/" + endpoint.adminDatabase();
    }

    /** The superuser, the only role a fresh cluster has (a standby cannot create another). */
    public String user() {
        return endpoint.adminUser();
    }

    public String password() {
        return endpoint.adminPassword();
    }

    /** A new connection as {@link #user()}; the caller closes it. */
    public Connection connect() throws SQLException {
        return EmbeddedPostgres.connect(jdbcUrl(), user(), password());
    }

    @Override
    public void close() {
        endpoint.stop().run();
    }

    @Override
    public String toString() {
        return "hot standby " + endpoint;
    }
}
