package dev.lockstep;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource that hides its URL and credentials (no bean getters), so that Lockstep opens every connection through
 * it, and counts the connections asked of it: all of them, and those Lockstep made its own by naming the session
 * ({@code set_config('application_name', ...)}), as it does only with a dedicated lock connection; also those not
 * closed yet, and the statements made on them.
 */
final class CountingDataSource implements DataSource {
    private final DataSource delegate;
    private final AtomicInteger requested = new AtomicInteger();
    private final AtomicInteger named = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger statements = new AtomicInteger();

    CountingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    int connectionsRequested() {
        return requested.get();
    }

    /** Connections on which Lockstep set application_name: the dedicated ones it opened through this DataSource. */
    int connectionsNamedByLockstep() {
        return named.get();
    }

    /** Connections asked of it and not closed yet: what a pool would still have lent. */
    int connectionsOpen() {
        return open.get();
    }

    /** Statements prepared or created on its connections: how often Lockstep asked the database something. */
    int statementsCreated() {
        return statements.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        requested.incrementAndGet();
        return watched(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        requested.incrementAndGet();
        return watched(delegate.getConnection(username, password));
    }

    /** The connection, noting when a statement names its session. */
    private Connection watched(Connection connection) {
        open.incrementAndGet();
        AtomicBoolean counted = new AtomicBoolean();
        AtomicBoolean closed = new AtomicBoolean();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && String.valueOf(args[0]).contains(
                            "set_config('application_name'") && counted.compareAndSet(false, true)) {
                        named.incrementAndGet();
                    }
                    if (method.getName().equals("prepareStatement") || method.getName().equals("createStatement")) {
                        statements.incrementAndGet();
                    }
                    if (method.getName().equals("close") && closed.compareAndSet(false, true)) {
                        open.decrementAndGet();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
