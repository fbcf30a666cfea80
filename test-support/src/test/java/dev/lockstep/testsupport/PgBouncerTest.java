package dev.lockstep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@PostgresTest
class PgBouncerTest {
    private final TestDatabase db;

    PgBouncerTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void pgbouncerIsInstalled() {
        PgBouncer.assumeInstalled();
    }

    @Test
    void acceptsTheOwnerAndRunsQueriesInTransactionPoolingMode() throws SQLException {
        try (PgBouncer bouncer = PgBouncer.startTransactionPooling(db)) {
            assertThat(bouncer.jdbcUrl())
                    .isEqualTo("jdbc:postgresql://127.0.0.1:" + bouncer.port() + "/" + db.name()
                            + "?prepareThreshold=0");
            try (Connection first = connect(bouncer); Connection second = connect(bouncer)) {
                // Two transactions open at once make PgBouncer open two server connections.
                first.setAutoCommit(false);
                second.setAutoCommit(false);
                assertThat(backendPid(first)).isNotEqualTo(backendPid(second));
                first.commit();
                second.commit();
                first.setAutoCommit(true);

                assertThat(query(first, "SELECT current_database() || ' ' || current_user"))
                        .isEqualTo(db.name() + " " + db.user());
                Set<Integer> backends = new HashSet<>();
                for (int i = 0; i < 6; i++) {
                    backends.add(backendPid(first));
                }
                assertThat(backends).as("one client's transactions run on different server connections")
                        .hasSizeGreaterThan(1);
            }
        }
    }

    @Test
    void closeStopsItAndAWrongPasswordIsRefused() {
        PgBouncer bouncer = PgBouncer.startTransactionPooling(db);
        assertThatThrownBy(() -> DriverManager.getConnection(bouncer.jdbcUrl(), db.user(), "wrong-" + db.user())
                .close())
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.getSQLState()).isEqualTo("08P01");
                })
                // PgBouncer itself checks the SCRAM proof, and words the refusal its own way.
                .hasMessageContaining("SASL authentication failed");

        bouncer.close();

        assertThatThrownBy(() -> connect(bouncer).close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08001"));
    }

    private Connection connect(PgBouncer bouncer) throws SQLException {
        return DriverManager.getConnection(bouncer.jdbcUrl(), db.user(), db.password());
    }

    private static int backendPid(Connection connection) throws SQLException {
        return Integer.parseInt(query(connection, "SELECT pg_backend_pid()"));
    }

    private static String query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }
}
