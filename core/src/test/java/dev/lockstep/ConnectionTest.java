package dev.lockstep;

import static dev.lockstep.LockstepSettings.CONNECT_TIMEOUT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_DIRECTORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.internal.connect.ConnectionDetails;
import dev.lockstep.internal.connect.Connections;
import dev.lockstep.internal.status.QueryLimits;
import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
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
                .satisfies(e -> assertThat(attempts(e.getMessage())).as("attempts with growing pauses, from 50ms")
                        .isBetween(2, 20))
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

    /**
     * A DataSource that hides its URL lends the lock connection from its pool: Lockstep names the session and sets its
     * own timeouts on it, and gives back the session's own before the connection returns to the pool.
     */
    @Test
    void aLockConnectionLentByAPoolGoesBackWithTheSessionsOwnSettings() throws SQLException {
        PGSimpleDataSource app = new PGSimpleDataSource();
        app.setUrl(db.jdbcUrl());
        app.setUser(db.user());
        app.setPassword(db.password());
        app.setApplicationName("shop");
        app.setAssumeMinServerVersion("9.4"); // sends application_name at login: the session's default, not a SET
        app.setOptions("-c statement_timeout=5min -c lock_timeout=1min");
        try (Connection pooled = app.getConnection()) {
            List<String> before = sessionSettings(pooled);
            assertThat(before).containsExactly("shop", "5min", "1min");
            Connections connections = new Connections(new CountingDataSource(lending(poolOf(pooled))), null,
                    "lockstep-lent");

            Connection lock = connections.openDedicated(Duration.ofSeconds(10));
            assertThat(sessionSettings(lock)).containsExactly("lockstep-lent",
                    QueryLimits.STATEMENT_TIMEOUT.toSeconds() + "s", QueryLimits.LOCK_TIMEOUT.toSeconds() + "s");
            connections.close(lock);

            assertThat(pooled.isClosed()).as("the pool's connection lives on").isFalse();
            assertThat(sessionSettings(pooled)).isEqualTo(before).doesNotContain("lockstep-lent");
        }
    }

    /**
     * pgjdbc, unless told the server's version, names the session with a SET after login, and an application may SET
     * its own timeouts: the pool's connection still goes back with them, not with the session's defaults.
     */
    @Test
    void aLockConnectionLentByAPoolGoesBackWithWhatTheApplicationSet() throws SQLException {
        PGSimpleDataSource app = new PGSimpleDataSource();
        app.setUrl(db.jdbcUrl());
        app.setUser(db.user());
        app.setPassword(db.password());
        app.setApplicationName("shop");
        try (Connection pooled = app.getConnection(); Statement statement = pooled.createStatement()) {
            statement.execute("SET statement_timeout = '5min'; SET lock_timeout = '1min'");
            List<String> before = sessionSettings(pooled);
            assertThat(before).containsExactly("shop", "5min", "1min");
            Connections connections = new Connections(new CountingDataSource(lending(poolOf(pooled))), null,
                    "lockstep-lent");

            connections.close(connections.openDedicated(Duration.ofSeconds(10)));

            assertThat(sessionSettings(pooled)).isEqualTo(before);
        }
    }

    /** A connection Lockstep cannot set up is closed, not left open until the pool or the server notices. */
    @Test
    void aLockConnectionThatCannotBeNamedIsClosed() throws SQLException {
        Connection real = db.connect();
        Connection refusing = answering(real, "prepareStatement", () -> {
            throw new SQLException("permission denied for function set_config", "42501");
        });
        Connections connections = new Connections(new CountingDataSource(lending(refusing)), null,
                "lockstep-refused");

        assertThatThrownBy(() -> connections.openDedicated(Duration.ofMinutes(2)))
                .isInstanceOf(LockstepException.class)
                .hasMessageContaining("permission denied for function set_config");
        assertThat(real.isClosed()).isTrue();
    }

    /** A user given beside the URL (not in it) is the one the lock connection logs in as. */
    @Test
    void theLockConnectionLogsInAsTheUserGivenBesideTheUrl() throws SQLException {
        assertThat(db.jdbcUrl()).doesNotContain("user=");
        Connections connections = new Connections(new CountingDataSource(db.dataSource()),
                new ConnectionDetails(db.jdbcUrl(), db.user(), db.password()), "lockstep-driver");

        Connection lock = connections.openDedicated(Duration.ofSeconds(10));
        try (lock; Statement statement = lock.createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_user, current_setting('application_name')")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo(db.user());
            assertThat(rows.getString(2)).isEqualTo("lockstep-driver");
        }
    }

    /** application_name, statement_timeout and lock_timeout of a session, as PostgreSQL shows them. */
    private static List<String> sessionSettings(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT current_setting('application_name'), current_setting('statement_timeout'),"
                        + " current_setting('lock_timeout')")) {
            assertThat(rows.next()).isTrue();
            return List.of(rows.getString(1), rows.getString(2), rows.getString(3));
        }
    }

    /** {@code connection} as a pool lends it: close() gives it back rather than closing it. */
    private static Connection poolOf(Connection connection) {
        return answering(connection, "close", () -> null);
    }

    /** A DataSource that lends {@code lent} every time. */
    private DataSource lending(Connection lent) {
        DataSource delegate = db.dataSource();
        return (DataSource) Proxy.newProxyInstance(ConnectionTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> method.getName().equals("getConnection") ? lent : invoke(method, delegate, args));
    }

    /** What a proxied connection answers itself instead of {@code connection}. */
    private interface Answer {
        @Nullable Object answer() throws SQLException;
    }

    /** {@code connection}, except that {@code methodName} gets the {@code answer}. */
    private static Connection answering(Connection connection, String methodName, Answer answer) {
        return (Connection) Proxy.newProxyInstance(ConnectionTest.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> method.getName().equals(methodName) ? answer.answer()
                        : invoke(method, connection, args));
    }

    private static @Nullable Object invoke(Method method, Object target, @Nullable Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static int attempts(String message) {
        Matcher attempts = Pattern.compile("\\((\\d+) attempts\\)").matcher(message);
        assertThat(attempts.find()).isTrue();
        return Integer.parseInt(attempts.group(1));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
