package dev.lockstep;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one startup run did.
 *
 * @param outcome what the run did
 * @param state where the schema stands after it
 * @param fromVersion the schema version before the run, null on an empty schema
 * @param toVersion the schema version after it
 * @param applied the migrations this run applied, in order
 * @param lockWait how long the run waited for another instance's lock
 * @param duration the whole run, from the first connection to the release of the lock
 * @param failure the migration that failed, when the outcome is {@code FAILED} because of a migration
 * @param runId the run-history row ({@code lockstep_runs.id}) when the run wrote one
 * @param instance the name this instance uses in locks, logs and the run history
 * @param snapshot the snapshot taken before migrating, when one was taken
 * @param snapshotFailure why no snapshot was taken although snapshots are enabled and migrations were pending
 *     (with {@code snapshot.required=false} the run migrated anyway)
 * @param restored whether {@code on-failure=restore} restored the snapshot after a failed migration
 * @param findings what the lint found in the pending migrations before this run applied them ({@code lint.policy}),
 *     suppressed ones included; empty when nothing was pending or the lint is off
 */
public record MigrationReport(
        Outcome outcome,
        SchemaState state,
        @Nullable String fromVersion,
        @Nullable String toVersion,
        List<AppliedMigration> applied,
        Duration lockWait,
        Duration duration,
        @Nullable FailedMigration failure,
        @Nullable Long runId,
        String instance,
        @Nullable Snapshot snapshot,
        @Nullable String snapshotFailure,
        boolean restored,
        List<LintFinding> findings) {

    /** Copies {@code applied}, so that a report never changes after it is made. */
    public MigrationReport {
        applied = List.copyOf(applied);
        findings = List.copyOf(findings);
    }

    /** A report without lint findings. */
    public MigrationReport(Outcome outcome, SchemaState state, @Nullable String fromVersion, @Nullable String toVersion,
            List<AppliedMigration> applied, Duration lockWait, Duration duration, @Nullable FailedMigration failure,
            @Nullable Long runId, String instance, @Nullable Snapshot snapshot, @Nullable String snapshotFailure,
            boolean restored) {
        this(outcome, state, fromVersion, toVersion, applied, lockWait, duration, failure, runId, instance, snapshot,
                snapshotFailure, restored, List.of());
    }

    /** One line for logs: {@code MIGRATED v1 -> v3 (2 applied) in 1.2 s, waited 0.0 s for the lock}. */
    public String summary() {
        return "%s %s -> %s (%d applied) in %.1f s, waited %.1f s for the lock".formatted(
                outcome, versionText(fromVersion), versionText(toVersion), applied.size(),
                duration.toMillis() / 1000.0, lockWait.toMillis() / 1000.0);
    }

    private static String versionText(@Nullable String version) {
        return version == null ? "<empty>" : "v" + version;
    }
}
