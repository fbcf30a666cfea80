package dev.lockstep.internal.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.SchemaState;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

/**
 * The cheap probe against a real history table: the rows are read and compared again only when the table's
 * fingerprint or the resolved set changed; otherwise the last comparison, the very same object, is the answer.
 */
@PostgresTest
class StatusProbeTest {
    private final TestDatabase db;

    StatusProbeTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void comparesAgainOnlyWhenTheHistoryOrTheResolvedSetChanged() throws Exception {
        db.execute("DROP SCHEMA IF EXISTS probed CASCADE", "CREATE SCHEMA probed", "CREATE TABLE probed.history (installed_rank int PRIMARY KEY,"
                + " version varchar(50), description varchar(200) NOT NULL, type varchar(20) NOT NULL,"
                + " checksum int, success boolean NOT NULL)",
                "INSERT INTO probed.history VALUES (1, '1', 'first', 'SQL', 11, true)");
        ResolvedSet shipped = shipped();
        StatusProbe probe = new StatusProbe(new HistoryTable("probed", "history"));

        try (Connection connection = db.connect()) {
            Comparison first = probe.compare(connection, shipped);
            assertThat(first.state()).isEqualTo(SchemaState.PENDING);
            assertThat(first.pending()).containsExactly("2");

            assertThat(probe.compare(connection, shipped)).as("nothing changed").isSameAs(first);

            ResolvedSet resolvedAgain = shipped();
            Comparison afterResolving = probe.compare(connection, resolvedAgain);
            assertThat(afterResolving).as("another resolved set").isNotSameAs(first).isEqualTo(first);
            assertThat(probe.compare(connection, resolvedAgain)).isSameAs(afterResolving);

            db.execute("INSERT INTO probed.history VALUES (2, '2', 'second', 'SQL', 22, true)");
            Comparison applied = probe.compare(connection, resolvedAgain);
            assertThat(applied.state()).isEqualTo(SchemaState.UP_TO_DATE);
            assertThat(applied.current()).isEqualTo("2");

            db.execute("UPDATE probed.history SET checksum = 23 WHERE installed_rank = 2");
            assertThat(probe.compare(connection, resolvedAgain).state()).isEqualTo(SchemaState.CHECKSUM_MISMATCH);
        }
    }

    private static ResolvedSet shipped() {
        return new ResolvedSet(List.of(
                new ResolvedMigration(MigrationVersion.fromVersion("1"), "first", 11, "V1__first.sql", "SQL"),
                new ResolvedMigration(MigrationVersion.fromVersion("2"), "second", 22, "V2__second.sql", "SQL")));
    }
}
