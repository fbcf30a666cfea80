package dev.lockstep.quarkus.deployment;

import dev.lockstep.testsupport.TestDatabase;
import io.quarkus.test.QuarkusUnitTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A fresh PostgreSQL database for one QuarkusUnitTest class, from the test-support fixture (Dev Services are off).
 *
 * <p>QuarkusUnitTest loads a test class twice (once to read its extension, once in the application's class loader),
 * so its static initialiser runs twice: the database made the first time is remembered in system properties of this
 * JVM and found again the second time, instead of creating another one.
 */
record TestPostgres(String jdbcUrl, String user, String password) {

    /** The database of the test class {@code key}, created on the first call. */
    static TestPostgres forTest(String key) {
        return forTest(key, db -> { });
    }

    /** The same, with {@code prepare} run once on the fresh database, before the application starts. */
    static TestPostgres forTest(String key, Consumer<TestPostgres> prepare) {
        String property = "lockstep.quarkus-test." + key + ".";
        String url = System.getProperty(property + "url");
        if (url != null) {
            return new TestPostgres(url, System.getProperty(property + "user"), System.getProperty(property + "password"));
        }
        TestDatabase database = TestDatabase.create(key);
        TestPostgres postgres = new TestPostgres(database.jdbcUrl(), database.user(), database.password());
        prepare.accept(postgres);
        System.setProperty(property + "url", database.jdbcUrl());
        System.setProperty(property + "user", database.user());
        System.setProperty(property + "password", database.password());
        return postgres;
    }

    /** Points the default datasource (or a named one) here, with Dev Services off and snapshots in a temp directory. */
    QuarkusUnitTest configure(QuarkusUnitTest test, String dataSourceName) {
        // One spelling per datasource: SmallRye Config does not merge quarkus.lockstep."users".x with quarkus.lockstep.users.y.
        String datasource = dataSourceName == null ? "quarkus.datasource." : "quarkus.datasource." + dataSourceName + ".";
        String lockstep = dataSourceName == null ? "quarkus.lockstep." : "quarkus.lockstep." + dataSourceName + ".";
        return test.overrideConfigKey("quarkus.devservices.enabled", "false")
                // A random HTTP port: other test JVMs on the machine may hold 8081.
                .overrideConfigKey("quarkus.http.test-port", "0")
                .overrideConfigKey(datasource + "db-kind", "postgresql")
                .overrideConfigKey(datasource + "jdbc.url", jdbcUrl)
                .overrideConfigKey(datasource + "username", user)
                .overrideConfigKey(datasource + "password", password)
                .overrideConfigKey(lockstep + "snapshot.directory", snapshotDirectory().toString());
    }

    QuarkusUnitTest configure(QuarkusUnitTest test) {
        return configure(test, null);
    }

    /** Runs the statements in order, each committed on its own. */
    void execute(String... statements) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new AssertionError("Statement failed: " + e.getMessage(), e);
        }
    }

    long queryLong(String sql) {
        List<String> values = queryColumn(sql);
        if (values.size() != 1 || values.get(0) == null) {
            throw new AssertionError("Expected one value from " + sql + ", got " + values);
        }
        return Long.parseLong(values.get(0));
    }

    List<String> queryColumn(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new AssertionError("Query failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    boolean tableExists(String table) {
        return queryLong("SELECT count(*) FROM information_schema.tables WHERE table_name = '" + table + "'") > 0;
    }

    private static Path snapshotDirectory() {
        try {
            Path directory = Files.createTempDirectory("lockstep-quarkus-test-snapshots");
            directory.toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "TestPostgres[" + jdbcUrl + " as " + user + "]";
    }
}
