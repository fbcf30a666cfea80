package dev.lockstep.internal.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.SchemaState;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

/**
 * The one comparison behind the startup decision and every status probe, on histories written out row by row: what is
 * current, what is pending, what failed, changed or is unknown to the application, and which state wins when several
 * hold at once (FAILED, then CHECKSUM_MISMATCH, then PENDING, then AHEAD_OF_APP). A history read from PostgreSQL is
 * StatusTest's subject; here every case is spelled out.
 */
class ComparisonTest {
    private static final ResolvedSet SHIPPED = shipped(versioned("1", 11), versioned("2", 22), versioned("3", 33));

    @Test
    void nothingAppliedEverythingPending() {
        Comparison comparison = Comparison.of(SHIPPED, List.of());

        assertThat(comparison.state()).isEqualTo(SchemaState.PENDING);
        assertThat(comparison.current()).isNull();
        assertThat(comparison.pending()).containsExactly("1", "2", "3");
        assertThat(comparison.failedRow()).isNull();
        assertThat(comparison.mismatched()).isEmpty();
        assertThat(comparison.unknown()).isEmpty();
    }

    @Test
    void everythingAppliedIsUpToDateAtTheHighestVersion() {
        Comparison comparison = Comparison.of(SHIPPED, history().applied("1", 11).applied("2", 22).applied("3", 33).rows);

        assertThat(comparison.state()).isEqualTo(SchemaState.UP_TO_DATE);
        assertThat(comparison.current()).isEqualTo("3");
        assertThat(comparison.pending()).isEmpty();
    }

    @Test
    void theCurrentVersionIsTheHighestAppliedNotTheLastRow() {
        // Applied out of order: V3 first, then V2.
        Comparison comparison = Comparison.of(SHIPPED, history().applied("1", 11).applied("3", 33).applied("2", 22).rows);

        assertThat(comparison.current()).isEqualTo("3");
        assertThat(comparison.state()).isEqualTo(SchemaState.UP_TO_DATE);
    }

    @Test
    void partlyAppliedLeavesTheRestPending() {
        Comparison comparison = Comparison.of(SHIPPED, history().applied("1", 11).rows);

        assertThat(comparison.state()).isEqualTo(SchemaState.PENDING);
        assertThat(comparison.current()).isEqualTo("1");
        assertThat(comparison.pending()).containsExactly("2", "3");
    }

    @Test
    void aFailedRowIsFailedAndItsMigrationStillPending() {
        History history = history().applied("1", 11).failed("2", 22);

        Comparison comparison = Comparison.of(SHIPPED, history.rows);

        assertThat(comparison.state()).isEqualTo(SchemaState.FAILED);
        assertThat(comparison.failedRow()).isEqualTo(history.rows.get(1));
        assertThat(comparison.current()).isEqualTo("1");
        assertThat(comparison.pending()).containsExactly("2", "3");
    }

    @Test
    void markersAreNoMigrations() {
        History history = history().row(null, "<< Flyway Schema Creation >>", "SCHEMA", null, true)
                .applied("1", 11).row("1", "deleted", "DELETE", null, true).row("2", "undone", "UNDO_SQL", 5, false)
                .applied("2", 22).applied("3", 33);

        Comparison comparison = Comparison.of(SHIPPED, history.rows);

        assertThat(comparison.state()).isEqualTo(SchemaState.UP_TO_DATE);
        assertThat(comparison.failedRow()).isNull();
        assertThat(comparison.mismatched()).isEmpty();
    }

    @Test
    void aBaselineStandsForEverythingUpToIt() {
        Comparison comparison = Comparison.of(SHIPPED, history().row("2", "<< Flyway Baseline >>", "BASELINE", null, true)
                .rows);

        assertThat(comparison.state()).isEqualTo(SchemaState.PENDING);
        assertThat(comparison.current()).isEqualTo("2");
        assertThat(comparison.pending()).containsExactly("3");
        assertThat(comparison.mismatched()).as("a baseline has no checksum to compare").isEmpty();
    }

    @Test
    void aBaselineIsNeverAChecksumMismatchNorUnknown() {
        ResolvedSet shipped = shipped(versioned("1", 11), versioned("2", 22));

        Comparison comparison = Comparison.of(shipped, history().row("2", "baseline", "BASELINE", 999, true).rows);

        assertThat(comparison.state()).isEqualTo(SchemaState.UP_TO_DATE);
        assertThat(comparison.unknown()).isEmpty();
    }

    @Test
    void aChangedFileIsAChecksumMismatch() {
        Comparison comparison = Comparison.of(SHIPPED, history().applied("1", 11).applied("2", 99).applied("3", 33).rows);

        assertThat(comparison.state()).isEqualTo(SchemaState.CHECKSUM_MISMATCH);
        assertThat(comparison.mismatched()).containsExactly("2");
    }

    @Test
    void aChecksumMissingOnEitherSideIsNoMismatch() {
        ResolvedSet shipped = shipped(versioned("1", null), versioned("2", 22));

        Comparison comparison = Comparison.of(shipped, history().applied("1", 11).applied("2", null).rows);

        assertThat(comparison.state()).isEqualTo(SchemaState.UP_TO_DATE);
        assertThat(comparison.mismatched()).isEmpty();
    }

    @Test
    void appliedVersionsNewerThanAnyShippedAreUnknownAndTheDatabaseAheadOfTheApp() {
        ResolvedSet shipped = shipped(versioned("1", 11), versioned("3", 33));

        Comparison comparison = Comparison.of(shipped, history().applied("1", 11).applied("2", 22).applied("3", 33)
                .applied("4", 44).rows);

        assertThat(comparison.state()).isEqualTo(SchemaState.AHEAD_OF_APP);
        assertThat(comparison.current()).isEqualTo("4");
        assertThat(comparison.unknown()).as("V2 is older than V3, the target: not unknown, merely not shipped")
                .containsExactly("4");
    }

    @Test
    void anApplicationThatShipsNothingKnowsNoAppliedVersion() {
        Comparison comparison = Comparison.of(shipped(), history().applied("1", 11).rows);

        assertThat(comparison.state()).isEqualTo(SchemaState.AHEAD_OF_APP);
        assertThat(comparison.unknown()).containsExactly("1");
    }

    @Test
    void theTargetItselfIsNotUnknown() {
        ResolvedSet shipped = shipped(versioned("1", 11), versioned("2", 22));

        Comparison comparison = Comparison.of(shipped, history().applied("1", 11).applied("2", 22).rows);

        assertThat(comparison.unknown()).isEmpty();
    }

    @Test
    void repeatableMigrationsArePendingUntilAppliedAndAgainWhenChanged() {
        ResolvedSet shipped = shipped(versioned("1", 11), repeatable("views", 7), repeatable("functions", 8),
                repeatable("grants", null));

        Comparison comparison = Comparison.of(shipped, history().applied("1", 11)
                .row(null, "views", "SQL", 6, true).row(null, "views", "SQL", 7, true)
                .row(null, "functions", "SQL", 8, true).row(null, "functions", "SQL", 9, true).rows);

        // views: its latest application has the shipped checksum; functions: its latest has another one; grants: never.
        assertThat(comparison.pending()).containsExactly("R functions", "R grants");
        assertThat(comparison.state()).isEqualTo(SchemaState.PENDING);
        assertThat(comparison.current()).isEqualTo("1");
    }

    @Test
    void anAppliedRepeatableWithoutAShippedChecksumIsNotPending() {
        ResolvedSet shipped = shipped(repeatable("grants", null));

        Comparison comparison = Comparison.of(shipped, history().row(null, "grants", "SQL", 3, true).rows);

        assertThat(comparison.pending()).isEmpty();
        assertThat(comparison.state()).isEqualTo(SchemaState.UP_TO_DATE);
    }

    @Test
    void aFailedMigrationOutranksAChecksumMismatch() {
        Comparison comparison = Comparison.of(SHIPPED, history().applied("1", 99).failed("2", 22).rows);

        assertThat(comparison.state()).isEqualTo(SchemaState.FAILED);
        assertThat(comparison.mismatched()).containsExactly("1");
    }

    @Test
    void aChecksumMismatchOutranksPendingMigrations() {
        Comparison comparison = Comparison.of(SHIPPED, history().applied("1", 99).rows);

        assertThat(comparison.state()).isEqualTo(SchemaState.CHECKSUM_MISMATCH);
        assertThat(comparison.pending()).containsExactly("2", "3");
    }

    @Test
    void pendingMigrationsOutrankADatabaseAheadOfTheApp() {
        ResolvedSet shipped = shipped(versioned("1", 11), versioned("2", 22));

        Comparison comparison = Comparison.of(shipped, history().applied("1", 11).applied("9", 99).rows);

        assertThat(comparison.state()).isEqualTo(SchemaState.PENDING);
        assertThat(comparison.unknown()).containsExactly("9");
        assertThat(comparison.pending()).containsExactly("2");
    }

    @Test
    void theListsCannotBeChangedAfterwards() {
        Comparison comparison = Comparison.of(SHIPPED, history().applied("1", 99).applied("7", 77).rows);

        assertThat(comparison.pending()).isUnmodifiable();
        assertThat(comparison.mismatched()).isUnmodifiable();
        assertThat(comparison.unknown()).isUnmodifiable();
    }

    @Test
    void theResolvedSetKnowsItsTargetAndLabels() {
        ResolvedSet shipped = shipped(versioned("2", 22), repeatable("views", 7), versioned("10", 1), versioned("1", 11));

        assertThat(shipped.target()).isEqualTo(MigrationVersion.fromVersion("10"));
        assertThat(shipped.versioned().keySet()).extracting(MigrationVersion::getVersion).containsExactly("1", "2", "10");
        assertThat(shipped.repeatable()).containsOnlyKeys("views");
        assertThat(shipped.repeatable().get("views").label()).isEqualTo("R views");
        assertThat(shipped.versioned().get(MigrationVersion.fromVersion("10")).label()).isEqualTo("V10");
        assertThat(shipped().target()).isNull();
    }

    /** What a plan lists: the pending migrations, versions ascending, then the repeatable ones; nothing applied. */
    @Test
    void thePendingMigrationsInTheOrderFlywayAppliesThem() {
        ResolvedSet shipped = shipped(repeatable("views", 7), versioned("10", 1), versioned("2", 22),
                repeatable("grants", 8), versioned("1", 11));
        Comparison comparison = Comparison.of(shipped, history().applied("1", 11).row(null, "grants", "SQL", 8, true).rows);

        assertThat(shipped.pending(comparison)).extracting(ResolvedMigration::label)
                .containsExactly("V2", "V10", "R views");
    }

    @Test
    void historyRowsKnowTheirKind() {
        assertThat(row("SCHEMA").isMarker()).isTrue();
        assertThat(row("DELETE").isMarker()).isTrue();
        assertThat(row("UNDO_SQL").isMarker()).isTrue();
        assertThat(row("SQL").isMarker()).isFalse();
        assertThat(row("BASELINE").isMarker()).isFalse();
        assertThat(row("BASELINE").isBaseline()).isTrue();
        assertThat(row("SQL").isBaseline()).isFalse();
    }

    private static HistoryRow row(String type) {
        return new HistoryRow(1, "1", "one", type, null, true);
    }

    private static ResolvedSet shipped(ResolvedMigration... migrations) {
        return new ResolvedSet(List.of(migrations));
    }

    private static ResolvedMigration versioned(String version, Integer checksum) {
        return new ResolvedMigration(MigrationVersion.fromVersion(version), "v" + version, checksum,
                "V" + version + "__v" + version + ".sql", "SQL");
    }

    private static ResolvedMigration repeatable(String description, Integer checksum) {
        return new ResolvedMigration(null, description, checksum, "R__" + description + ".sql", "SQL");
    }

    private static History history() {
        return new History();
    }

    /** Flyway's history table, a row at a time, in installed_rank order. */
    private static final class History {
        final List<HistoryRow> rows = new ArrayList<>();

        History applied(String version, Integer checksum) {
            return row(version, "v" + version, "SQL", checksum, true);
        }

        History failed(String version, Integer checksum) {
            return row(version, "v" + version, "SQL", checksum, false);
        }

        History row(String version, String description, String type, Integer checksum, boolean success) {
            rows.add(new HistoryRow(rows.size() + 1, version, description, type, checksum, success));
            return this;
        }
    }
}
