package dev.lockstep;

import dev.lockstep.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/** A second login role on a test database, created and changed as the server's admin; dropped on close. */
final class Roles implements AutoCloseable {
    private final TestDatabase db;
    final String name;
    final String password = "pw-" + UUID.randomUUID();

    private Roles(TestDatabase db, String name) {
        this.db = db;
        this.name = name;
    }

    /** A role that may connect to the database and use (not create in) schema public. */
    static Roles create(TestDatabase db, String name) {
        Roles role = new Roles(db, name + "_" + Long.toHexString(System.nanoTime() & 0xffffff));
        role.admin("CREATE ROLE " + role.name + " LOGIN PASSWORD '" + role.password + "'",
                "GRANT CONNECT ON DATABASE " + db.name() + " TO " + role.name,
                "GRANT USAGE ON SCHEMA public TO " + role.name);
        return role;
    }

    /** Runs statements as the server's admin, connected to the test database. */
    void admin(String... statements) {
        try (Connection connection = db.connectAsAdmin(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("as admin: " + e.getMessage(), e);
        }
    }

    /** A pgjdbc DataSource that connects as this role (it shows URL, user and password to Lockstep). */
    PGSimpleDataSource dataSource() {
        return dataSource(db.jdbcUrl());
    }

    PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(name);
        dataSource.setPassword(password);
        return dataSource;
    }

    @Override
    public void close() {
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + name + "'",
                "DROP OWNED BY " + name, "DROP ROLE " + name);
    }
}
