package dev.lockstep;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A row of the run history ({@code lockstep_runs}): a run that applied migrations or failed.
 *
 * @param id the row's id
 * @param instance the instance that ran it ({@code host:pid} unless configured)
 * @param startedAt when it started
 * @param duration how long it took, null while it runs or when it never finished
 * @param outcome {@code MIGRATED}, {@code FAILED}, {@code RUNNING} or {@code ABANDONED} (the process died)
 * @param fromVersion the schema version before the run
 * @param toVersion the schema version after it
 * @param snapshotId the snapshot taken before it, if any
 * @param host the host the instance ran on
 * @param appVersion the application's version, when configured
 * @param applied how many migrations it applied
 * @param lockWait how long it waited for the lock
 * @param error why it failed, or why it took no snapshot; passwords redacted
 * @param findings what the lint found in the migrations it applied ({@code lint.policy=warn} or {@code fail}), suppressed
 *     ones included; empty for runs of a Lockstep that did not record them
 */
public record RunSummary(
        long id,
        String instance,
        Instant startedAt,
        @Nullable Duration duration,
        String outcome,
        @Nullable String fromVersion,
        @Nullable String toVersion,
        @Nullable String snapshotId,
        @Nullable String host,
        @Nullable String appVersion,
        int applied,
        Duration lockWait,
        @Nullable String error,
        List<LintFinding> findings) {

    public RunSummary {
        findings = List.copyOf(findings);
    }

    /** A run without lint findings. */
    public RunSummary(long id, String instance, Instant startedAt, @Nullable Duration duration, String outcome,
            @Nullable String fromVersion, @Nullable String toVersion, @Nullable String snapshotId, @Nullable String host,
            @Nullable String appVersion, int applied, Duration lockWait, @Nullable String error) {
        this(id, instance, startedAt, duration, outcome, fromVersion, toVersion, snapshotId, host, appVersion, applied,
                lockWait, error, List.of());
    }
}
