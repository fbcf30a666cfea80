package dev.lockstep.internal.connect;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * A second connection from the DataSource while the lock connection is open. When the DataSource hides its URL and
 * credentials, the lock connection is one of its own, and Flyway needs another beside it: a pool of one would make
 * Flyway wait for its whole borrow timeout and then fail with the pool's own error. This finds that first, from the
 * pool's size where it shows it (HikariCP's {@code maximumPoolSize}), else by a borrow bounded to {@link #WAIT}.
 */
public final class PoolCheck {
    static final Duration WAIT = Duration.ofSeconds(5);

    private PoolCheck() {}

    public static Connection secondConnection(Connections connections, String prefix) throws SQLException {
        DataSource dataSource = connections.dataSource();
        if (connections.details() != null) {
            return dataSource.getConnection();
        }
        OptionalInt size = maximumPoolSize(dataSource);
        if (size.isPresent() && size.getAsInt() < 2) {
            throw tooSmall(prefix, "its pool allows maximumPoolSize=" + size.getAsInt() + " connection");
        }
        CompletableFuture<Connection> borrow = CompletableFuture.supplyAsync(() -> {
            try {
                return dataSource.getConnection();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, task -> {
            Thread thread = new Thread(task, "lockstep-pool-check");
            thread.setDaemon(true);
            thread.start();
        });
        try {
            return borrow.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The borrow may still succeed once the lock connection goes back: give that connection back too.
            borrow.thenAccept(PoolCheck::closeQuietly);
            throw tooSmall(prefix, "it lent no second connection within " + WAIT.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalStateException wrapped && wrapped.getCause() instanceof SQLException sql) {
                if (sql instanceof java.sql.SQLTransientConnectionException) {
                    throw tooSmall(prefix, "it lent no second connection (" + connections.redact(sql.getMessage()) + ")");
                }
                throw sql;
            }
            throw new SQLException("the DataSource failed to lend a connection: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            borrow.thenAccept(PoolCheck::closeQuietly);
            throw new SQLException("interrupted while borrowing a connection", e);
        }
    }

    private static LockstepException tooSmall(String prefix, String why) {
        return new LockstepException(ErrorCode.INVALID_CONFIGURATION, prefix + "The DataSource does not reveal its URL"
                + " and credentials, so Lockstep's lock connection is one of its pool's, and Flyway needs one more"
                + " beside it; but " + why + ". Nothing was snapshotted or migrated. Let the pool open at least two"
                + " connections (HikariCP: maximumPoolSize=2 or more), or give Lockstep the database's URL and"
                + " credentials with Lockstep.Builder.connectionDetails(jdbcUrl, user, password) so that it opens the"
                + " lock connection itself.");
    }

    /** HikariCP's {@code getMaximumPoolSize()} and the like, where the DataSource has one. */
    private static OptionalInt maximumPoolSize(DataSource dataSource) {
        for (String getter : new String[] {"getMaximumPoolSize", "getMaxPoolSize", "getMaxTotal"}) {
            try {
                Method method = dataSource.getClass().getMethod(getter);
                Object value = method.invoke(dataSource);
                if (value instanceof Integer size && size > 0) {
                    return OptionalInt.of(size);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Not this kind of pool: try the next getter.
            }
        }
        return OptionalInt.empty();
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Only giving back a connection nobody used.
        }
    }
}
