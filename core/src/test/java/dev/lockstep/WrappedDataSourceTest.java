package dev.lockstep;

import static dev.lockstep.LockstepSettings.CONNECT_TIMEOUT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_DIRECTORY;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.internal.connect.JdbcUrl;
import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import dev.lockstep.testsupport.TestLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * HikariCP built around a DataSource hides the URL and credentials behind its own getters; Lockstep reads them from
 * the pgjdbc DataSource inside, so that the snapshot before migrating needs no {@code connectionDetails(...)}. Each
 * of HikariCP's forms, with a real pool on a real PostgreSQL and a snapshot taken.
 */
@PostgresTest
class WrappedDataSourceTest {
    private static final String PG_SIMPLE = "org.postgresql.ds.PGSimpleDataSource";

    private final TestDatabase db;
    @RegisterExtension
    final TestLogs logs = new TestLogs();
    private final JdbcUrl url;
    @TempDir
    Path dir;
    @TempDir
    Path snapshots;
    private final HikariDataSource pool = new HikariDataSource();

    WrappedDataSourceTest(TestDatabase db) {
        this.db = db;
        this.url = JdbcUrl.parse(db.jdbcUrl());
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        pool.setMaximumPoolSize(2);
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void setDataSourceWithAPgSimpleDataSource() {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setUrl(db.jdbcUrl());
        pg.setUser(db.user());
        pg.setPassword(db.password());
        pool.setDataSource(pg);

        migratesWithASnapshot();
    }

    @Test
    void setDataSourceWithThePoolsOwnUsernameAndPassword() {
        // HikariCP then connects with getConnection(username, password): the pool's login wins.
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setUrl(db.jdbcUrl());
        pg.setUser("nobody");
        pool.setDataSource(pg);
        pool.setUsername(db.user());
        pool.setPassword(db.password());

        migratesWithASnapshot();
    }

    @Test
    void dataSourceClassNameWithServerDatabaseAndLoginProperties() {
        pool.setDataSourceClassName(PG_SIMPLE);
        pool.addDataSourceProperty("serverName", url.hosts().get(0));
        pool.addDataSourceProperty("portNumber", url.ports().get(0)); // text, as from a properties file
        pool.addDataSourceProperty("databaseName", url.database());
        pool.addDataSourceProperty("user", db.user());
        pool.addDataSourceProperty("password", db.password());

        migratesWithASnapshot();
    }

    @Test
    void dataSourceClassNameWithAUrlPropertyOnAStartedPool() throws SQLException {
        pool.setDataSourceClassName(PG_SIMPLE);
        pool.addDataSourceProperty("url", db.jdbcUrl());
        pool.addDataSourceProperty("user", db.user());
        pool.addDataSourceProperty("password", db.password());
        try (Connection started = pool.getConnection()) {
            assertThat(started.isValid(5)).isTrue(); // the pool now holds the DataSource it built: unwrap finds it
        }

        migratesWithASnapshot();
    }

    private void migratesWithASnapshot() {
        MigrationReport report = Lockstep.configure(pool).flyway(f -> f.locations(Migrations.standard(dir).location()))
                .set(CONNECT_TIMEOUT, Duration.ofSeconds(10)).set(SNAPSHOT_DIRECTORY, snapshots).build().migrate();

        assertThat(report.applied()).hasSize(3);
        Snapshot snapshot = report.snapshot();
        assertThat(snapshot).as("pg_dump connected with the login read from inside the pool").isNotNull();
        assertThat(snapshot.database()).isEqualTo(db.name());
        assertThat(snapshot.verified()).isTrue();
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                .contains("Connection details from the " + PG_SIMPLE + " inside " + HikariDataSource.class.getName())
                .contains("user=" + db.user()));
        assertThat(String.join("\n", CapturedLogs.lines())).doesNotContain(db.password());
        assertThat(manifest(snapshot)).contains("\"database\"").doesNotContain(db.password());
    }

    private String manifest(Snapshot snapshot) {
        try {
            return Files.readString(snapshots.resolve(snapshot.id() + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
