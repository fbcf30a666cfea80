package dev.lockstep.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresTest {
    private static final EmbeddedPostgres server = EmbeddedPostgres.shared();
    private static EmbeddedDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = server.createDatabase("EmbeddedPostgresTest");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void oneServerPerJvmThatSaysWhatAndWhereItIs() {
        assertThat(EmbeddedPostgres.shared()).isSameAs(server);
        assertThat(server.kind()).isIn("environment", "testcontainers", "local");
        assertThat(server.majorVersion()).isGreaterThanOrEqualTo(12)
                .isEqualTo(db.queryLong("SELECT current_setting('server_version_num')::int / 10000"));
        assertThat(server.describe())
                .contains(server.host() + ":" + server.port())
                .contains("PostgreSQL " + db.queryString("SHOW server_version"))
                .doesNotContain(server.adminPassword());
        assertThat(server.jdbcUrl("x")).isEqualTo("jdbc:postgresql://" + server.host() + ":" + server.port() + "/x");
    }

    @Test
    void itRemembersEveryPasswordItHandedOutAndIsFoundWithoutStartingAnother() {
        EmbeddedDatabase dropped = server.createDatabase("dropped");
        dropped.close();

        assertThat(EmbeddedPostgres.started()).containsSame(server);
        assertThat(server.passwordsHandedOut()).contains(server.adminPassword(), db.password(), dropped.password());
    }

    @Test
    void aLocalClusterRunsFromItsBinariesInAPrivateDirectoryWithSafeSettings() {
        Assumptions.assumeTrue(server.kind().equals("local"),
                "the server is " + server.kind() + ", not a local cluster");
        assertThat(server.binDir()).hasValueSatisfying(bin -> assertThat(bin.resolve("initdb")).isExecutable());
        assertThat(server.directory()).hasValueSatisfying(dir -> assertThat(dir).isDirectory());
        assertThat(server.host()).isEqualTo("127.0.0.1");
        assertThat(server.adminPassword()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(server.serverLog()).hasValueSatisfying(log -> assertThat(log)
                .isEqualTo(server.directory().orElseThrow().resolve("server.log")).isRegularFile());
        try (Connection admin = db.connectAsAdmin()) {
            assertThat(setting(admin, "fsync")).isEqualTo("off");
            assertThat(setting(admin, "full_page_writes")).isEqualTo("off");
            assertThat(setting(admin, "synchronous_commit")).isEqualTo("off");
            assertThat(setting(admin, "max_connections")).isEqualTo("300");
            assertThat(setting(admin, "listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(setting(admin, "unix_socket_directories"))
                    .isEqualTo(server.directory().orElseThrow().toString());
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theTestDatabaseBelongsToARoleThatIsNoSuperuserAndHasAScramPassword() {
        assertThat(db.queryString("SELECT current_user")).isEqualTo(db.user());
        assertThat(db.queryString("SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))
                .isEqualTo("false");
        assertThat(db.queryString("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"))
                .isEqualTo(db.user());
        assertThat(db.jdbcUrl()).isEqualTo(server.jdbcUrl(db.name())).doesNotContain(db.password());
        assertThat(db.toString()).isEqualTo("EmbeddedDatabase[" + db.jdbcUrl() + " as " + db.user() + "]");
        try (Connection admin = db.connectAsAdmin();
                var row = admin.createStatement().executeQuery("SELECT rolpassword FROM pg_authid WHERE rolname = '"
                        + db.user() + "'")) {
            row.next();
            assertThat(row.getString(1)).startsWith("SCRAM-SHA-256$").doesNotContain(db.password());
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aWrongPasswordIsRefusedOverTcp() {
        assertThatThrownBy(() -> EmbeddedPostgres.connect(db.jdbcUrl(), db.user(), db.password() + "-wrong").close())
                .as("the server accepted a wrong password: its pg_hba.conf does not require passwords over TCP;"
                        + " the credential tests need scram-sha-256 (or md5) for host connections")
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"))
                .hasMessageContaining("password authentication failed for user \"" + db.user() + "\"")
                .message().doesNotContain(db.password());
        assertThat(db.queryLong("SELECT 1")).isOne();
    }

    @Test
    void helpersRunSqlAsTheOwnerAndNameTheStatementThatFailed() {
        db.execute("CREATE TABLE IF NOT EXISTS things (id int PRIMARY KEY, label text)", "TRUNCATE things",
                "INSERT INTO things VALUES (1, 'one'), (2, NULL), (3, 'three')");

        assertThat(db.queryLong("SELECT count(*) FROM things")).isEqualTo(3);
        assertThat(db.queryString("SELECT label FROM things WHERE id = 2")).isNull();
        assertThat(db.queryColumn("SELECT label FROM things ORDER BY id")).containsExactly("one", null, "three");
        assertThatThrownBy(() -> db.execute("INSERT INTO things VALUES (1, 'again')"))
                .isInstanceOfSatisfying(EmbeddedSqlException.class, e -> {
                    assertThat(e.sql()).isEqualTo("INSERT INTO things VALUES (1, 'again')");
                    assertThat(e.sqlState()).isEqualTo("23505");
                })
                .hasMessageContaining("SQL on database " + db.name() + " as " + db.user())
                .hasMessageContaining("duplicate key value violates unique constraint");
        assertThatThrownBy(() -> db.queryLong("SELECT id FROM things WHERE id = 42"))
                .isInstanceOf(EmbeddedSqlException.class)
                .hasMessage("SELECT id FROM things WHERE id = 42 returned no row on " + db.name());
    }

    @Test
    void aDataSourceAndAConnectionLogInAsTheOwner() throws SQLException {
        try (Connection viaDataSource = db.dataSource().getConnection(); Connection direct = db.connect()) {
            assertThat(viaDataSource.getMetaData().getUserName()).isEqualTo(db.user());
            assertThat(direct.getMetaData().getUserName()).isEqualTo(db.user());
            assertThat(direct.getMetaData().getURL()).startsWith(db.jdbcUrl());
        }
    }

    @Test
    void createdNamesAreLowerCaseSanitisedAndUnique() {
        try (EmbeddedDatabase first = server.createDatabase("My Fancy-Test!");
                EmbeddedDatabase second = server.createDatabase("My Fancy-Test!");
                EmbeddedDatabase digits = server.createDatabase("42");
                EmbeddedDatabase reserved = server.createDatabase("PgBouncerTest")) {
            assertThat(first.name()).matches("my_fancy_test_\\d+_[a-z0-9]+");
            assertThat(second.name()).matches("my_fancy_test_\\d+_[a-z0-9]+").isNotEqualTo(first.name());
            assertThat(digits.name()).matches("test_\\d+_[a-z0-9]+");
            assertThat(reserved.name()).matches("pgbouncer_test_\\d+_[a-z0-9]+");
        }
    }

    @Test
    void closeDropsTheDatabaseAndItsRoleEvenWhileASessionIsOpen() throws SQLException {
        EmbeddedDatabase doomed = server.createDatabase("doomed");
        try (Connection session = doomed.connect()) {
            doomed.execute("CREATE TABLE t (id int)");

            doomed.close();
            doomed.close();

            assertThat(session.isValid(5)).isFalse();
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_database WHERE datname = '" + doomed.name() + "'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_roles WHERE rolname = '" + doomed.user() + "'")).isZero();
    }

    @Test
    void aDatabaseForTheSamplesIsReachableWithItsCredentials() throws SQLException {
        try (EmbeddedDatabase sample = server.createDatabase("lockstep_sample");
                Connection connection = EmbeddedPostgres.connect(sample.jdbcUrl(), sample.user(),
                        sample.password())) {
            assertThat(sample.name()).startsWith("lockstep_sample_");
            assertThat(sample.jdbcUrl()).endsWith("/" + sample.name()).doesNotContain(sample.password());
            assertThat(connection.getCatalog()).isEqualTo(sample.name());
        }
    }

    private static String setting(Connection connection, String name) throws SQLException {
        try (var row = connection.createStatement().executeQuery("SHOW " + name)) {
            row.next();
            return row.getString(1);
        }
    }
}
