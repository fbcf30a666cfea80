package dev.lockstep.internal.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Flyway's history table as Lockstep reads it from a real PostgreSQL: its rows, its fingerprint, a table or schema that
 * does not exist yet (read as empty, leaving the caller's transaction usable), and errors that are not "missing".
 */
@PostgresTest
class HistoryTableTest {
    private static final String COLUMNS = "(installed_rank int PRIMARY KEY, version varchar(50),"
            + " description varchar(200) NOT NULL, type varchar(20) NOT NULL, script varchar(1000) NOT NULL,"
            + " checksum int, installed_by varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT now(),"
            + " execution_time int NOT NULL, success boolean NOT NULL)";

    private final TestDatabase db;

    HistoryTableTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void namesTheTableAsSqlWouldQuotingEachPart() {
        assertThat(new HistoryTable(null, "flyway_schema_history").qualifiedName()).isEqualTo("\"flyway_schema_history\"");
        assertThat(new HistoryTable("Shop", "my\"history").qualifiedName()).isEqualTo("\"Shop\".\"my\"\"history\"");
    }

    @Test
    void readsRowsInInstalledRankOrderWithTheirChecksumsAndOutcomes() throws Exception {
        db.execute("DROP SCHEMA IF EXISTS rows_read CASCADE", "CREATE SCHEMA rows_read", "CREATE TABLE rows_read.history " + COLUMNS,
                row("rows_read", 3, "'2'", "second", "SQL", "NULL", false),
                row("rows_read", 1, "'1'", "<< Flyway Baseline >>", "BASELINE", "NULL", true),
                row("rows_read", 2, "NULL", "views", "SQL", "-5", true));
        HistoryTable history = new HistoryTable("rows_read", "history");

        try (Connection connection = db.connect()) {
            assertThat(history.exists(connection)).isTrue();
            assertThat(history.read(connection)).containsExactly(
                    new HistoryRow(1, "1", "<< Flyway Baseline >>", "BASELINE", null, true),
                    new HistoryRow(2, null, "views", "SQL", -5, true),
                    new HistoryRow(3, "2", "second", "SQL", null, false));
            assertThat(history.fingerprint(connection)).isEqualTo(new HistoryTable.Fingerprint(3, 3, -5, 1));
        }
    }

    @Test
    void theFingerprintChangesWithEveryRowAddedOrRepaired() throws Exception {
        db.execute("DROP SCHEMA IF EXISTS printed CASCADE", "CREATE SCHEMA printed", "CREATE TABLE printed.history " + COLUMNS,
                row("printed", 1, "'1'", "first", "SQL", "100", true));
        HistoryTable history = new HistoryTable("printed", "history");
        try (Connection connection = db.connect()) {
            HistoryTable.Fingerprint first = history.fingerprint(connection);
            assertThat(first).isEqualTo(new HistoryTable.Fingerprint(1, 1, 100, 0));

            db.execute(row("printed", 2, "'2'", "second", "SQL", "200", false));
            assertThat(history.fingerprint(connection)).isEqualTo(new HistoryTable.Fingerprint(2, 2, 300, 1));

            db.execute("UPDATE printed.history SET checksum = 201, success = true WHERE installed_rank = 2");
            assertThat(history.fingerprint(connection)).isEqualTo(new HistoryTable.Fingerprint(2, 2, 301, 0));
        }
    }

    /**
     * In a transaction, the failed query would leave the connection unusable ("current transaction is aborted"); the
     * read rolls it back, so the caller's next statement works.
     */
    @Test
    void aMissingTableOrSchemaReadsAsEmptyAndLeavesTheTransactionUsable() throws Exception {
        db.execute("DROP SCHEMA IF EXISTS empty_schema CASCADE", "CREATE SCHEMA empty_schema");
        for (HistoryTable history : List.of(new HistoryTable("empty_schema", "history"),
                new HistoryTable("no_such_schema", "history"))) {
            try (Connection connection = db.connect()) {
                assertThat(history.exists(connection)).isFalse();
                connection.setAutoCommit(false);

                assertThat(history.read(connection)).isEmpty();
                assertThat(selectOne(connection)).isEqualTo(1);
                assertThat(history.fingerprint(connection)).isEqualTo(new HistoryTable.Fingerprint(0, 0, 0, 0));
                assertThat(selectOne(connection)).isEqualTo(1);
                connection.rollback();
            }
        }
    }

    @Test
    void anErrorOtherThanAMissingTableIsThrown() throws Exception {
        try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS not_yours CASCADE");
            statement.execute("CREATE SCHEMA not_yours");
            statement.execute("CREATE TABLE not_yours.history " + COLUMNS);
        }
        HistoryTable history = new HistoryTable("not_yours", "history");
        try (Connection connection = db.connect()) {
            assertThatThrownBy(() -> history.read(connection)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied for schema not_yours");
            assertThatThrownBy(() -> history.fingerprint(connection)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied for schema not_yours");
        }
    }

    /** An INSERT of one history row into {@code schema}.history; version and checksum as SQL literals. */
    private static String row(String schema, int rank, String version, String description, String type, String checksum,
            boolean success) {
        return "INSERT INTO " + schema + ".history (installed_rank, version, description, type, script, checksum,"
                + " installed_by, execution_time, success) VALUES (" + rank + ", " + version + ", '" + description
                + "', '" + type + "', 'V" + rank + "__x.sql', " + checksum + ", 'test', 1, " + success + ")";
    }

    private static int selectOne(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("SELECT 1")) {
            row.next();
            return row.getInt(1);
        }
    }
}
