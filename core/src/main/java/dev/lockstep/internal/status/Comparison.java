package dev.lockstep.internal.status;

import dev.lockstep.SchemaState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * The schema history compared with the migrations this application ships: the one piece of logic behind the
 * startup decision and every status probe.
 *
 * @param state UP_TO_DATE, PENDING, FAILED, AHEAD_OF_APP, CHECKSUM_MISMATCH, or INVALID_MIGRATIONS when the application
 *     ships no migration at all and the history has none either (locations that match nothing: a typo)
 * @param current the newest successfully applied version
 * @param pending labels of what is waiting: versions, or descriptions of repeatable migrations
 * @param failedRow a row Flyway recorded as failed (a migration that ran outside a transaction)
 * @param mismatched versions whose applied checksum differs from the shipped file
 * @param unknown applied versions newer than anything this application ships
 */
public record Comparison(
        SchemaState state,
        @Nullable String current,
        List<String> pending,
        @Nullable HistoryRow failedRow,
        List<String> mismatched,
        List<String> unknown) {

    public static Comparison of(ResolvedSet resolved, List<HistoryRow> rows) {
        MigrationVersion current = null;
        MigrationVersion baseline = null;
        HistoryRow failed = null;
        Set<MigrationVersion> applied = new HashSet<>();
        Map<String, Integer> repeatableChecksums = new HashMap<>();
        List<String> mismatched = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (HistoryRow row : rows) {
            if (row.isMarker()) {
                continue;
            }
            if (!row.success()) {
                failed = row;
                continue;
            }
            if (row.version() == null) {
                // Rows come in installed_rank order, so the last one per description is the latest application.
                repeatableChecksums.put(row.description(), row.checksum());
                continue;
            }
            MigrationVersion version = MigrationVersion.fromVersion(row.version());
            applied.add(version);
            if (current == null || version.compareTo(current) > 0) {
                current = version;
            }
            if (row.isBaseline()) {
                baseline = version;
                continue;
            }
            ResolvedMigration shipped = resolved.versioned().get(version);
            if (shipped == null) {
                if (resolved.target() == null || version.compareTo(resolved.target()) > 0) {
                    unknown.add(row.version());
                }
            } else if (shipped.checksum() != null && row.checksum() != null
                    && !shipped.checksum().equals(row.checksum())) {
                mismatched.add(row.version());
            }
        }
        List<String> pending = new ArrayList<>();
        for (ResolvedMigration shipped : resolved.versioned().values()) {
            boolean belowBaseline = baseline != null && shipped.version().compareTo(baseline) <= 0;
            if (!belowBaseline && !applied.contains(shipped.version())) {
                pending.add(shipped.version().getVersion());
            }
        }
        for (ResolvedMigration shipped : resolved.repeatable().values()) {
            Integer appliedChecksum = repeatableChecksums.get(shipped.description());
            if (!repeatableChecksums.containsKey(shipped.description())
                    || (shipped.checksum() != null && !shipped.checksum().equals(appliedChecksum))) {
                pending.add(shipped.label());
            }
        }
        boolean nothingShipped = resolved.versioned().isEmpty() && resolved.repeatable().isEmpty();
        SchemaState state = failed != null ? SchemaState.FAILED
                : nothingShipped && current == null && repeatableChecksums.isEmpty() ? SchemaState.INVALID_MIGRATIONS
                : !mismatched.isEmpty() ? SchemaState.CHECKSUM_MISMATCH
                : !pending.isEmpty() ? SchemaState.PENDING
                : !unknown.isEmpty() ? SchemaState.AHEAD_OF_APP
                : SchemaState.UP_TO_DATE;
        return new Comparison(state, current == null ? null : current.getVersion(), List.copyOf(pending), failed,
                List.copyOf(mismatched), List.copyOf(unknown));
    }
}
