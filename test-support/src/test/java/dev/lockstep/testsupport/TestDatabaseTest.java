package dev.lockstep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lockstep.embedded.EmbeddedDatabase;
import dev.lockstep.embedded.EmbeddedPostgres;
import dev.lockstep.embedded.EmbeddedSqlException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** A test database on the embedded PostgreSQL: the secret scan knows its passwords and the server's log. */
@PostgresTest
class TestDatabaseTest {
    private final TestDatabase db;

    TestDatabaseTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void itsPasswordAndTheGeneratedAdminPasswordAreRegisteredForTheSecretScan() {
        EmbeddedPostgres server = db.server();
        assertThat(Secrets.registered()).contains(db.password());
        if (!server.kind().equals("environment")) {
            assertThat(Secrets.registered()).contains(server.adminPassword());
        }
        assertThat(db.toString()).isEqualTo("TestDatabase[" + db.jdbcUrl() + " as " + db.user() + "]");
    }

    @Test
    void aDatabaseTheCodeUnderTestCreatesItselfIsScannedForToo() {
        // As a sample's own code does when it is given no database.
        try (EmbeddedDatabase own = EmbeddedPostgres.shared().createDatabase("own")) {
            assertThat(Secrets.registered()).contains(own.password());
        }
    }

    @Test
    void aLocalClusterLogsToAFileTheScanReads() {
        assumeTrue(db.server().kind().equals("local"),
                "the server is " + db.server().kind() + ", not a local cluster");
        assertThat(db.server().serverLog()).hasValueSatisfying(log -> assertThat(CapturedLogs.files())
                .contains(log.toAbsolutePath()));
    }

    /** What a database kept for the next run of its class (the mutation profile) needs: no session, no lock left. */
    @Test
    void endingTheSessionsReleasesTheirLocksAndLeavesTheDatabase() throws SQLException {
        try (Connection leftOver = db.connect(); Statement statement = leftOver.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(4242)");

            db.endSessions();

            assertThat(db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND pid <> pg_backend_pid()")).isZero();
            assertThat(db.queryString("SELECT pg_try_advisory_lock(4242)::text")).isEqualTo("true");
            assertThatThrownBy(() -> statement.execute("SELECT 1")).isInstanceOf(SQLException.class);
        }
        assertThat(db.queryLong("SELECT 1")).isEqualTo(1);
    }

    @Test
    void helpersRunAsTheOwnerAndAFailureNamesTheStatement() {
        db.execute("CREATE TABLE notes (id int PRIMARY KEY, body text)", "INSERT INTO notes VALUES (1, 'one')");

        assertThat(db.queryString("SELECT current_user")).isEqualTo(db.user());
        assertThat(db.queryColumn("SELECT body FROM notes")).containsExactly("one");
        assertThat(db.queryLong("SELECT count(*) FROM notes")).isOne();
        assertThatThrownBy(() -> db.execute("INSERT INTO notes VALUES (1, 'again')"))
                .isInstanceOfSatisfying(EmbeddedSqlException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.sql()).isEqualTo("INSERT INTO notes VALUES (1, 'again')");
                })
                .hasMessageContaining("duplicate key value violates unique constraint");
    }
}
