package dev.lockstep.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.ErrorCode;
import dev.lockstep.FailedMigration;
import dev.lockstep.LockstepException;
import dev.lockstep.SchemaState;
import dev.lockstep.internal.status.Comparison;
import dev.lockstep.internal.status.HistoryRow;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

/** Reading what failed out of Flyway's exceptions and history rows, and the refusal of a broken history. */
class FailuresTest {

    @Test
    void theDatabasesOwnReportIsTheFirstSqlExceptionWithASqlState() {
        SQLException withoutState = new SQLException("wrapper without a state");
        SQLException database = new SQLException("ERROR: canceling statement due to lock timeout\n  Where: ...", "55P03");
        withoutState.initCause(database);
        FlywayException flyway = new FlywayException("Migration V2__x.sql failed", withoutState);

        assertThat(Failures.sqlCause(flyway)).containsSame(database);
        assertThat(Failures.sqlState(flyway)).isEqualTo("55P03");
        assertThat(Failures.firstLine(flyway)).isEqualTo("ERROR: canceling statement due to lock timeout");
    }

    @Test
    void withoutADatabaseReportFlywaysMessageCounts() {
        FlywayException flyway = new FlywayException("  Validate failed: checksum mismatch  \nmore detail");

        assertThat(Failures.sqlCause(flyway)).isEmpty();
        assertThat(Failures.sqlState(flyway)).isNull();
        assertThat(Failures.firstLine(flyway)).isEqualTo("Validate failed: checksum mismatch");
        assertThat(Failures.firstLine(new FlywayException("one line"))).isEqualTo("one line");
        assertThat(Failures.firstLine(new IllegalStateException())).isEqualTo("IllegalStateException");
    }

    @Test
    void aCauseChainThatLoopsOnItselfEnds() {
        assertThat(Failures.sqlCause(new SelfCaused())).isEmpty();
        assertThat(Failures.lockstepCause(new SelfCaused())).isEmpty();
    }

    @Test
    void findsOurOwnExceptionRaisedInsideFlyway() {
        LockstepException lost = new LockstepException(ErrorCode.LOCK_LOST, "lost");
        RuntimeException wrapped = new FlywayException("callback failed", new IllegalStateException("inner", lost));

        assertThat(Failures.lockstepCause(wrapped)).containsSame(lost);
        assertThat(Failures.lockstepCause(lost)).containsSame(lost);
        assertThat(Failures.lockstepCause(new FlywayException("plain"))).isEmpty();
    }

    @Test
    void aFailedRowInTheHistoryIsRefusedWithFlywaysRecordOfIt() {
        HistoryRow failedRow = new HistoryRow(3, "3", "orders by customer", "SQL", 5, false);
        Comparison comparison = comparison(SchemaState.FAILED, failedRow, List.of("2"));

        LockstepException refusal = Failures.brokenHistory(comparison, "[shop/public] ", true);

        assertThat(refusal.code()).isEqualTo(ErrorCode.FAILED_MIGRATION_IN_HISTORY);
        assertThat(refusal).hasMessage("[shop/public] Flyway recorded V3 as failed: it ran outside a transaction and its"
                + " changes stay. Undo them by hand, remove the failed row with flyway repair, fix the migration and"
                + " start again.");
    }

    @Test
    void aChangedFileIsRefusedOnlyWhenChecksumsAreChecked() {
        Comparison comparison = comparison(SchemaState.CHECKSUM_MISMATCH, null, List.of("2", "R views"));

        LockstepException refusal = Failures.brokenHistory(comparison, "[shop/public] ", true);

        assertThat(refusal.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH);
        assertThat(refusal).hasMessage("[shop/public] Applied migration(s) V2, R views differ from the files this"
                + " application ships; nothing was migrated. Restore the original files (an applied migration must not"
                + " change), or run flyway repair if the change was intended.");
        assertThat(Failures.brokenHistory(comparison, "", false)).isNull();
        assertThat(Failures.brokenHistory(comparison(SchemaState.PENDING, null, List.of()), "", true)).isNull();
    }

    @Test
    void aFailedRowIsAFailedMigrationThatLeftChanges() {
        FailedMigration versioned = Failures.ofHistory(new HistoryRow(3, "3", "orders", "SQL", 5, false));
        FailedMigration repeatable = Failures.ofHistory(new HistoryRow(4, null, "views", "SQL", 5, false));

        assertThat(versioned.version()).isEqualTo("3");
        assertThat(versioned.description()).isEqualTo("orders");
        assertThat(versioned.sqlState()).isNull();
        assertThat(versioned.leftChanges()).isTrue();
        assertThat(repeatable.message()).startsWith("Flyway recorded 'views' as failed:");
        assertThat(Failures.ofHistory(null)).isNull();
    }

    private static Comparison comparison(SchemaState state, HistoryRow failedRow, List<String> mismatched) {
        return new Comparison(state, "2", List.of(), failedRow, mismatched, List.of());
    }

    /** A throwable whose cause is itself, as some drivers' wrappers report. */
    private static final class SelfCaused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @Override
        public synchronized Throwable getCause() {
            return this;
        }
    }
}
