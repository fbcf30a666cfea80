package dev.lockstep.embedded;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh database on {@link EmbeddedPostgres}, owned by its own LOGIN role: programs connect as that owner, not as a
 * superuser, as an application would. {@link #close()} drops both; whatever is still open goes away with the server
 * when the JVM exits.
 *
 * <p>The helpers ({@link #execute}, {@link #queryLong} and friends) each open a connection as the owner, run in
 * autocommit and close it; a failure is an {@link EmbeddedSqlException} naming the SQL.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private final EmbeddedPostgres server;
    private final String name;
    private final String user;
    private final String password;
    private final AtomicBoolean closed = new AtomicBoolean();

    EmbeddedDatabase(EmbeddedPostgres server, String name, String user, String password) {
        this.server = server;
        this.name = name;
        this.user = user;
        this.password = password;
    }

    /** The database's name on the server. */
    public String name() {
        return name;
    }

    /** The TCP URL of this database, without credentials. */
    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    /** The owner role. */
    public String user() {
        return user;
    }

    /** The owner's password, generated for this database. Print the URL and the user, never this. */
    public String password() {
        return password;
    }

    /** A new non-pooling data source that connects as the owner. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl());
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    /** A new connection as the owner; the caller closes it. */
    public Connection connect() {
        try {
            return EmbeddedPostgres.connect(jdbcUrl(), user, password);
        } catch (SQLException e) {
            throw new EmbeddedSqlException("(connect)", "Cannot connect to " + jdbcUrl() + " as " + user, e);
        }
    }

    /** A new connection to this database as the server's admin account; the caller closes it. */
    public Connection connectAsAdmin() {
        try {
            return server.adminConnection(name);
        } catch (SQLException e) {
            throw new EmbeddedSqlException("(connect)", "Cannot connect to " + jdbcUrl() + " as "
                    + server.adminUser(), e);
        }
    }

    /** Runs the statements in order as the owner, each committed on its own. */
    public void execute(String... statements) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    throw failure(sql, e);
                }
            }
        } catch (SQLException e) {
            throw failure("(open or close a statement)", e);
        }
    }

    /** The first column of the first row as a number; fails when there is no row or the value is NULL. */
    public long queryLong(String sql) {
        String value = queryString(sql);
        if (value == null) {
            throw new EmbeddedSqlException(sql, sql + " returned NULL on " + name + ", not a number");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new EmbeddedSqlException(sql, sql + " returned '" + value + "' on " + name + ", not a whole number");
        }
    }

    /** The first column of the first row as text, null for SQL NULL; fails when there is no row. */
    public @Nullable String queryString(String sql) {
        List<@Nullable String> column = query(sql);
        if (column.isEmpty()) {
            throw new EmbeddedSqlException(sql, sql + " returned no row on " + name);
        }
        return column.get(0);
    }

    /** The first column of every row as text (SQL NULL as null). */
    public List<@Nullable String> queryColumn(String sql) {
        return query(sql);
    }

    /** The server this database lives on. */
    public EmbeddedPostgres server() {
        return server;
    }

    /** Drops the database, ending any session still connected to it, and its owner role. Closing twice is a no-op. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.drop(this);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedDatabase[" + jdbcUrl() + " as " + user + "]";
    }

    private List<@Nullable String> query(String sql) {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<@Nullable String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    private EmbeddedSqlException failure(String sql, SQLException e) {
        return new EmbeddedSqlException(sql, "SQL on database " + name + " as " + user, e);
    }
}
