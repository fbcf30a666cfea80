package dev.lockstep;

import static dev.lockstep.LockstepSettings.CONNECT_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.internal.connect.Connections;
import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of refused connection names its cause and its fix, and none is retried until connect-timeout (which is
 * set to minutes here: a retried refusal would make the test time out rather than pass).
 */
@PostgresTest
class ConnectionRefusalTest {
    private final TestDatabase db;
    @TempDir
    Path dir;

    ConnectionRefusalTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    /** The status is UNREACHABLE for a server that cannot be reached or will not let us in, not for a failed query. */
    @Test
    void onlyConnectionAndLoginErrorsMeanUnreachable() {
        assertThat(List.of("08001", "08006", "28P01", "3D000", "57P03")).allMatch(Connections::isUnreachable);
        assertThat(List.of("42P01", "42501", "57014")).noneMatch(Connections::isUnreachable);
    }

    @Test
    void noConnectPrivilegeGivesTheGrant() {
        try (Roles app = Roles.create(db, "no_connect")) {
            app.admin("REVOKE CONNECT ON DATABASE " + db.name() + " FROM PUBLIC",
                    "REVOKE CONNECT ON DATABASE " + db.name() + " FROM " + app.name);
            try {
                assertRefused(app.dataSource(), ErrorCode.INSUFFICIENT_PRIVILEGE, app,
                        "permission denied for database \"" + db.name() + "\"",
                        "The user " + app.name + " has no CONNECT privilege on database " + db.name(),
                        "GRANT CONNECT ON DATABASE " + db.name() + " TO " + app.name + ";");
            } finally {
                app.admin("GRANT CONNECT ON DATABASE " + db.name() + " TO PUBLIC");
            }
        }
    }

    @Test
    void aWrongPasswordOrUnknownRoleSaysPostgresDoesNotTellWhich() {
        try (Roles app = Roles.create(db, "wrong_password")) {
            var wrong = app.dataSource();
            wrong.setPassword("not-" + app.password);
            assertRefused(wrong, ErrorCode.AUTHENTICATION_FAILED, app,
                    "password authentication failed for user \"" + app.name + "\"",
                    "Either the password is wrong or no role of that name exists",
                    "Check the datasource user and password");

            var unknown = app.dataSource();
            unknown.setUser(app.name + "_missing");
            assertThatThrownBy(lockstep(unknown)::migrate)
                    .isInstanceOfSatisfying(LockstepException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED))
                    .hasMessageContaining("no role of that name exists");
        }
    }

    @Test
    void anUnknownDatabaseSaysHowToCreateIt() {
        try (Roles app = Roles.create(db, "no_database")) {
            String url = db.jdbcUrl().replace("/" + db.name(), "/" + db.name() + "_missing");
            assertRefused(app.dataSource(url), ErrorCode.CONNECTION_FAILED, app,
                    "database \"" + db.name() + "_missing\" does not exist",
                    "CREATE DATABASE " + db.name() + "_missing OWNER " + app.name,
                    "fix the database name in the datasource URL");
        }
    }

    @Test
    void aRoleThatMayNotLogInIsToldTheAlterRole() {
        try (Roles app = Roles.create(db, "no_login")) {
            app.admin("ALTER ROLE " + app.name + " NOLOGIN");
            assertRefused(app.dataSource(), ErrorCode.AUTHENTICATION_FAILED, app,
                    "is not permitted to log in", "ALTER ROLE " + app.name + " LOGIN;");
        }
    }

    @Test
    void sslAskedOfAServerWithoutSslFailsAtOnceNamingSslmode() {
        try (Roles app = Roles.create(db, "ssl_asked")) {
            String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "sslmode=require";
            assertRefused(app.dataSource(url), ErrorCode.CONNECTION_FAILED, app,
                    "does not accept SSL connections, and the JDBC URL requires SSL",
                    "lower sslmode in the JDBC URL");
        }
    }

    @Test
    void aPgHbaRejectionOfAnUnencryptedConnectionNamesPgHbaAndSslmode() throws SQLException {
        try (Roles app = Roles.create(db, "hba_rejected"); Connection admin = db.connectAsAdmin()) {
            String hbaFile = query(admin, "SHOW hba_file");
            String original = query(admin, "SELECT pg_read_file('" + hbaFile + "')");
            writeFile(admin, hbaFile, "hostnossl all " + app.name + " all reject\n" + original);
            try {
                reload(admin);
                Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThatThrownBy(
                        () -> app.dataSource().getConnection().close()).hasMessageContaining("pg_hba.conf"));

                assertRefused(app.dataSource(), ErrorCode.AUTHENTICATION_FAILED, app,
                        "refused the connection by its pg_hba.conf rules",
                        "The connection was not encrypted: if the server accepts this user only over SSL, add"
                                + " sslmode=require",
                        "add a pg_hba.conf entry that lets user " + app.name + " reach database " + db.name());
            } finally {
                writeFile(admin, hbaFile, original);
                reload(admin);
            }
        }
    }

    private void assertRefused(DataSource dataSource, ErrorCode code, Roles app, String... parts) {
        var refusal = assertThatThrownBy(lockstep(dataSource)::migrate)
                .isInstanceOfSatisfying(LockstepException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).doesNotContain(app.password);
                });
        for (String part : parts) {
            refusal.hasMessageContaining(part);
        }
    }

    private Lockstep lockstep(DataSource dataSource) {
        return Lockstep.configure(dataSource).flyway(f -> f.locations(Migrations.standard(dir).location()))
                .set(CONNECT_TIMEOUT, Duration.ofMinutes(10)).set(LockstepSettings.SNAPSHOT_ENABLED, false).build();
    }

    private static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); var row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    /**
     * Writes a text file as the server's OS user: one line a row, in a CSV form that quotes and escapes nothing (an
     * empty line is a NULL, which CSV writes as nothing).
     */
    private static void writeFile(Connection admin, String file, String text) throws SQLException {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            lines.add("$line$" + line + "$line$");
        }
        if (text.endsWith("\n")) {
            lines.remove(lines.size() - 1);
        }
        try (Statement statement = admin.createStatement()) {
            statement.execute("COPY (SELECT nullif(unnest(ARRAY[" + String.join(", ", lines) + "]::text[]), '')) TO '" + file
                    + "' WITH (FORMAT csv, DELIMITER e'\\x02', QUOTE e'\\x01')");
        }
    }

    private static void reload(Connection admin) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("SELECT pg_reload_conf()");
        }
    }
}
