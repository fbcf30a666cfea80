package dev.lockstep;

import static dev.lockstep.LockstepSettings.CONNECT_TIMEOUT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_DIRECTORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

@PostgresTest
class ConnectionTest {
    private final TestDatabase db;
    @TempDir
    Path dir;
    @TempDir
    Path snapshots;

    ConnectionTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void unreachableDatabaseIsRetriedUntilConnectTimeoutThenReportedWithTheUrlRedacted() throws IOException {
        int closedPort = closedPort();
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/app?password=" + db.password() + "&connectTimeout=1";
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        unreachable.setUrl(url);
        unreachable.setUser(db.user());
        Lockstep lockstep = Lockstep.configure(unreachable)
                .flyway(f -> f.locations(Migrations.standard(dir).location()))
                .set(CONNECT_TIMEOUT, Duration.ofSeconds(2)).build();

        long start = System.nanoTime();
        assertThatThrownBy(lockstep::migrate)
                .isInstanceOfSatisfying(LockstepException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.code()).isEqualTo(ErrorCode.CONNECTION_FAILED);
                    assertThat(e.getMessage()).doesNotContain(db.password());
                })
                .hasMessageContaining("Could not connect to jdbc:postgresql://127.0.0.1:" + closedPort + "/app within")
                .hasMessageContaining("within connect-timeout=2s")
                .hasMessageContaining("accepting TCP/IP connections. Check that the database is running")
                .hasMessageMatching("(?s).*\\((\\d+) attempts\\).*")
                .hasMessageContaining("raise connect-timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));

        SchemaStatus status = lockstep.status();
        assertThat(status.state()).isEqualTo(SchemaState.UNREACHABLE);
        assertThat(status.health()).isEqualTo(Health.DOWN);
        assertThat(status.message()).contains("Cannot read the schema history").doesNotContain(db.password());
        CapturedLogs.record(new IllegalStateException(status.message()));
    }

    @Test
    void wrongPasswordFailsAtOnceWithoutRetrying() {
        PGSimpleDataSource wrong = new PGSimpleDataSource();
        wrong.setUrl(db.jdbcUrl());
        wrong.setUser(db.user());
        wrong.setPassword("not-" + db.password());
        // Wrapped, so Lockstep cannot read the credentials and opens every connection through it: countable.
        CountingDataSource counting = new CountingDataSource(wrong);
        Lockstep lockstep = Lockstep.configure(counting).flyway(f -> f.locations(Migrations.standard(dir).location()))
                .set(CONNECT_TIMEOUT, Duration.ofMinutes(2)).build();

        assertThatThrownBy(lockstep::migrate)
                .isInstanceOfSatisfying(LockstepException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
                    assertThat(e.getMessage()).doesNotContain(db.password());
                })
                .hasMessageContaining("refused the credentials")
                .hasMessageContaining("password authentication failed for user \"" + db.user() + "\"")
                .hasMessageContaining("Check the datasource user and password");
        // One refused attempt, not a storm of them until connect-timeout.
        assertThat(counting.connectionsRequested()).isEqualTo(1);
    }

    /**
     * A driver message may quote the password itself: here the (wrong) password is the user's name, as in the
     * postgres/postgres of many a development setup, and PostgreSQL's refusal names that user. Lockstep masks the
     * configured password wherever it appears, not only in URLs.
     */
    @Test
    void aDriverMessageThatQuotesThePasswordIsMasked() {
        PGSimpleDataSource sameAsUser = new PGSimpleDataSource();
        sameAsUser.setUrl(db.jdbcUrl());
        sameAsUser.setUser(db.user());
        sameAsUser.setPassword(db.user());
        Lockstep lockstep = Lockstep.configure(sameAsUser).flyway(f -> f.locations(Migrations.standard(dir).location()))
                .set(CONNECT_TIMEOUT, Duration.ofSeconds(10)).build();

        assertThatThrownBy(lockstep::migrate)
                .isInstanceOfSatisfying(LockstepException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
                })
                .hasMessageContaining("password authentication failed for user \"***\"")
                .message().doesNotContain(db.user());
        SchemaStatus status = lockstep.status();
        assertThat(status.state()).isEqualTo(SchemaState.UNREACHABLE);
        assertThat(status.message()).contains("password authentication failed for user \"***\"")
                .doesNotContain(db.user());
    }

    @Test
    void connectionDetailsOpenTheLockConnectionAndReachPgDumpWhenTheDataSourceHidesThem() {
        var hidden = new CountingDataSource(db.dataSource());
        MigrationReport report = Lockstep.configure(hidden)
                .flyway(f -> f.locations(Migrations.standard(dir).location()))
                .set(SNAPSHOT_DIRECTORY, snapshots)
                .connectionDetails(db.jdbcUrl(), db.user(), db.password()).instanceName("hidden").build().migrate();

        assertThat(report.applied()).hasSize(3);
        assertThat(report.snapshot()).as("pg_dump connected with the details given").isNotNull();
        assertThat(db.queryLong("SELECT count(*) FROM lockstep_runs WHERE instance = 'hidden'")).isEqualTo(1);
    }

    @Test
    void aSnapshotNeedsTheCredentialsAHidingDataSourceDoesNotTell() {
        var hidden = new CountingDataSource(db.dataSource());
        Lockstep lockstep = Lockstep.configure(hidden).flyway(f -> f.locations(Migrations.standard(dir).location()))
                .set(SNAPSHOT_DIRECTORY, snapshots).build();

        assertThatThrownBy(lockstep::migrate)
                .isInstanceOf(SnapshotFailedException.class)
                .hasMessageContaining("pg_dump needs the database's JDBC URL, user and password, and the DataSource"
                        + " does not reveal them")
                .hasMessageContaining("Lockstep.Builder.connectionDetails(jdbcUrl, user, password)")
                .hasMessageContaining("snapshot.enabled=false");
        assertThat(db.queryString("SELECT to_regclass('customers')::text")).isNull();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
