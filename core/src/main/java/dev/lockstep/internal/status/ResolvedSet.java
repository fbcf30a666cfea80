package dev.lockstep.internal.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * The migrations this application ships, resolved once (a classpath or filesystem scan) and kept for every
 * later comparison with the schema history, so that a status probe never scans again.
 */
public final class ResolvedSet {
    private final Map<MigrationVersion, ResolvedMigration> versioned;
    private final Map<String, ResolvedMigration> repeatable;
    private final @Nullable MigrationVersion target;

    ResolvedSet(List<ResolvedMigration> migrations) {
        Map<MigrationVersion, ResolvedMigration> byVersion = new LinkedHashMap<>();
        Map<String, ResolvedMigration> byDescription = new LinkedHashMap<>();
        migrations.stream()
                .sorted(Comparator.comparing(ResolvedMigration::version, Comparator.nullsLast(Comparator.naturalOrder())))
                .forEach(m -> {
                    if (m.version() == null) {
                        byDescription.put(m.description(), m);
                    } else {
                        byVersion.put(m.version(), m);
                    }
                });
        this.versioned = byVersion;
        this.repeatable = byDescription;
        this.target = byVersion.keySet().stream().max(Comparator.naturalOrder()).orElse(null);
    }

    /**
     * The resolved migrations among Flyway's info, leaving out those above Flyway's {@code target}, those Flyway
     * reports only from the history (applied but not shipped), and its markers (the schemas it created, deletions).
     */
    public static ResolvedSet of(MigrationInfo[] infos) {
        List<ResolvedMigration> resolved = new ArrayList<>();
        for (MigrationInfo info : infos) {
            MigrationState state = info.getState();
            if (!state.isResolved() || state == MigrationState.ABOVE_TARGET) {
                continue;
            }
            // Flyway reports its "<< Flyway Schema Creation >>" row as a resolved, successful migration without a
            // version: taken as shipped, it would be a repeatable pending for ever. The comparison skips the same rows.
            if (HistoryRow.isMarker(info.getType().name())) {
                continue;
            }
            boolean repeatable = info.getVersion() == null;
            if (repeatable && state != MigrationState.PENDING && state != MigrationState.OUTDATED
                    && state != MigrationState.SUCCESS) {
                continue;
            }
            resolved.add(new ResolvedMigration(info.getVersion(), info.getDescription(), info.getResolvedChecksum(),
                    info.getScript(), info.getType().name()));
        }
        return new ResolvedSet(resolved);
    }

    public Map<MigrationVersion, ResolvedMigration> versioned() {
        return versioned;
    }

    public Map<String, ResolvedMigration> repeatable() {
        return repeatable;
    }

    /**
     * The migrations {@code comparison} found pending, in the order Flyway applies them: versions ascending, then
     * the repeatable ones.
     */
    public List<ResolvedMigration> pending(Comparison comparison) {
        List<ResolvedMigration> pending = new ArrayList<>();
        versioned.values().stream().filter(m -> comparison.pending().contains(m.label().substring(1)))
                .forEach(pending::add);
        repeatable.values().stream().filter(m -> comparison.pending().contains(m.label())).forEach(pending::add);
        return pending;
    }

    /** The newest version this application ships, null when it ships none. */
    public @Nullable MigrationVersion target() {
        return target;
    }
}
