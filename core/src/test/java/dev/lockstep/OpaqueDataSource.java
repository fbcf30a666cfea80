package dev.lockstep;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A DataSource that does not unwrap (so that Lockstep cannot find its URL and opens every connection through it)
 * and whose getConnection() goes through {@code connections}: a test's way to refuse or alter the connections
 * Lockstep asks for.
 */
final class OpaqueDataSource {
    /** Gives the connection for one getConnection() call, from the wrapped DataSource or not. */
    interface Connections {
        Connection get(DataSource wrapped) throws SQLException;
    }

    private OpaqueDataSource() {}

    static DataSource of(DataSource wrapped, Connections connections) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isWrapperFor" -> false;
                    case "unwrap" -> throw new SQLException("Not a wrapper.");
                    case "getConnection" -> connections.get(wrapped);
                    default -> invoke(method, wrapped, args);
                });
    }

    /** Calls {@code method} on {@code target}, throwing what it threw. */
    static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
