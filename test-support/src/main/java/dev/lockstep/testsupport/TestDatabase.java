package dev.lockstep.testsupport;

import dev.lockstep.embedded.EmbeddedDatabase;
import dev.lockstep.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A fresh database for one test class, owned by its own LOGIN role: tests run as that owner, not as a superuser, as
 * an application would. {@link #close()} drops both.
 *
 * <p>It is an {@link EmbeddedDatabase} on {@link EmbeddedPostgres#shared()}, whose passwords {@link Secrets} scans
 * for. The helpers ({@link #execute}, {@link #queryLong} and friends) each open a connection as the owner, run in
 * autocommit and close it; a failure names the SQL.
 */
public final class TestDatabase implements AutoCloseable {
    private final EmbeddedDatabase database;

    private TestDatabase(EmbeddedDatabase database) {
        this.database = database;
    }

    /**
     * Creates a fresh database whose name starts with the prefix in snake case ({@code MultiProcessTest} becomes
     * {@code multi_process_test_<n>_<random>}). {@link PostgresTest @PostgresTest} calls it once per test class.
     *
     * @throws IllegalStateException when no PostgreSQL can be had; the message says how to provide one
     */
    public static TestDatabase create(String namePrefix) {
        return new TestDatabase(EmbeddedPostgres.shared().createDatabase(namePrefix));
    }

    public String name() {
        return database.name();
    }

    /** The TCP URL of this database, without credentials. */
    public String jdbcUrl() {
        return database.jdbcUrl();
    }

    /** The owner role. */
    public String user() {
        return database.user();
    }

    /** The owner's password, generated for this database; {@link Secrets} scans for it. */
    public String password() {
        return database.password();
    }

    /** A new non-pooling data source that connects as the owner. */
    public DataSource dataSource() {
        return database.dataSource();
    }

    /** A new connection as the owner; the caller closes it. */
    public Connection connect() {
        return database.connect();
    }

    /** A new connection to this database as the server's admin account; the caller closes it. */
    public Connection connectAsAdmin() {
        return database.connectAsAdmin();
    }

    /** Runs the statements in order as the owner, each committed on its own. */
    public void execute(String... statements) {
        database.execute(statements);
    }

    /** The first column of the first row as a number; fails when there is no row or the value is NULL. */
    public long queryLong(String sql) {
        return database.queryLong(sql);
    }

    /** The first column of the first row as text, null for SQL NULL; fails when there is no row. */
    public @Nullable String queryString(String sql) {
        return database.queryString(sql);
    }

    /** The first column of every row as text (SQL NULL as null). */
    public List<@Nullable String> queryColumn(String sql) {
        return database.queryColumn(sql);
    }

    public EmbeddedPostgres server() {
        return database.server();
    }

    /**
     * Ends every other session connected to this database, as {@code DROP DATABASE ... WITH (FORCE)} would, and
     * returns once they are gone with their locks (advisory ones included).
     *
     * @throws IllegalStateException when a session outlives {@code pg_terminate_backend} for 30 seconds
     */
    public void endSessions() {
        String others = " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
        try (Connection admin = connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid)" + others);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // pg_terminate_backend only signals: a backend lets go of its locks when it has exited.
            while (true) {
                try (ResultSet left = statement.executeQuery("SELECT count(*)" + others)) {
                    left.next();
                    if (left.getLong(1) == 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Sessions on " + name() + " outlived pg_terminate_backend for 30 s");
                }
                Thread.sleep(10);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot end the sessions on " + name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while ending the sessions on " + name(), e);
        }
    }

    /** Drops the database, ending any session still connected to it, and its owner role. Closing twice is a no-op. */
    @Override
    public void close() {
        database.close();
    }

    @Override
    public String toString() {
        return "TestDatabase[" + jdbcUrl() + " as " + user() + "]";
    }
}
