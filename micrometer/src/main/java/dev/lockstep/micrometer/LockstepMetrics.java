package dev.lockstep.micrometer;

import dev.lockstep.Lockstep;
import dev.lockstep.LockstepException;
import dev.lockstep.MigrationReport;
import dev.lockstep.Outcome;
import dev.lockstep.Snapshot;
import dev.lockstep.spi.MigrationListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * Lockstep's meters, the same names in every adapter. Register it as a listener before the run (or hand it the
 * run's report with {@link #record} afterwards), then bind the pending gauge to the built instance:
 *
 * <pre>{@code
 * LockstepMetrics metrics = new LockstepMetrics(registry, Tags.of("datasource", "default"));
 * Lockstep lockstep = Lockstep.configure(dataSource).listener(metrics).build();
 * metrics.bindStatus(lockstep);
 * }</pre>
 *
 * <p>Meters (every one also carries the tags given here):
 * <ul>
 *   <li>{@value #LOCK_WAIT} (timer): how long the run waited for another instance's lock</li>
 *   <li>{@value #RUN} (timer, tag {@code outcome}: migrated, up_to_date, validated, waited, skipped, failed,
 *       or the error code of a run that failed before migrating, such as lock_timeout)</li>
 *   <li>{@value #APPLIED} (counter): migrations applied by this instance</li>
 *   <li>{@value #PENDING} (gauge): migrations shipped with the app and not yet applied; one status probe per
 *       read</li>
 *   <li>{@value #SNAPSHOT_DURATION} (timer) and {@value #SNAPSHOT_SIZE} (summary, bytes): snapshots taken</li>
 * </ul>
 */
public final class LockstepMetrics implements MigrationListener {
    /** Timer: time waited for another instance's run. */
    public static final String LOCK_WAIT = "lockstep.lock.wait";
    /** Timer of the whole run, tagged {@code outcome}. */
    public static final String RUN = "lockstep.run";
    /** Counter of the migrations this instance applied. */
    public static final String APPLIED = "lockstep.migrations.applied";
    /** Gauge of the migrations shipped with the application and not yet applied. */
    public static final String PENDING = "lockstep.migrations.pending";
    /** Timer: taking and verifying a snapshot. */
    public static final String SNAPSHOT_DURATION = "lockstep.snapshot.duration";
    /** Distribution summary of snapshot sizes, in bytes. */
    public static final String SNAPSHOT_SIZE = "lockstep.snapshot.size";

    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer lockWait;
    private final Counter applied;
    private final Timer snapshotDuration;
    private final DistributionSummary snapshotSize;

    /**
     * Registers the lock wait, applied-migrations and snapshot meters; the run timer is registered at each run.
     *
     * @param registry where the meters are registered
     * @param tags added to every meter (the datasource's name, for one)
     */
    public LockstepMetrics(MeterRegistry registry, Iterable<Tag> tags) {
        this.registry = registry;
        this.tags = Tags.of(tags);
        this.lockWait = Timer.builder(LOCK_WAIT).description("Time waited for another instance's migration lock")
                .tags(this.tags).register(registry);
        this.applied = Counter.builder(APPLIED).description("Migrations applied by this instance")
                .tags(this.tags).register(registry);
        this.snapshotDuration = Timer.builder(SNAPSHOT_DURATION).description("Time to take and verify a snapshot")
                .tags(this.tags).register(registry);
        this.snapshotSize = DistributionSummary.builder(SNAPSHOT_SIZE).description("Size of the snapshots taken")
                .baseUnit("bytes").tags(this.tags).register(registry);
    }

    /** Registers {@value #PENDING}, read from the instance's cheap status probe. */
    public LockstepMetrics bindStatus(Lockstep lockstep) {
        Gauge.builder(PENDING, lockstep, l -> l.status().pending().size())
                .description("Migrations shipped with the application and not applied yet")
                .tags(tags).register(registry);
        return this;
    }

    /** Records a run from its report: its duration by outcome, its lock wait, what it applied, its snapshot. */
    @Override
    public void runFinished(MigrationReport report) {
        record(report);
    }

    /**
     * Records a run that finished before these meters existed: a framework may create its meter registries only
     * after the startup run (Quarkus does). The same as hearing {@link #runFinished} at the time.
     */
    public void record(MigrationReport report) {
        run(report.outcome().name(), report.duration());
        // Only runs that took the lock waited for it; a restart that found nothing pending never asked.
        if (report.outcome() == Outcome.MIGRATED || report.outcome() == Outcome.FAILED
                || !report.lockWait().isZero()) {
            lockWait.record(report.lockWait());
        }
        applied.increment(report.applied().size());
        Snapshot snapshot = report.snapshot();
        if (snapshot != null) {
            snapshotDuration.record(snapshot.duration());
            snapshotSize.record(snapshot.sizeBytes());
        }
    }

    @Override
    public void runFailed(LockstepException failure, Duration duration) {
        run(failure.code().name(), duration);
    }

    private void run(String outcome, Duration duration) {
        Timer.builder(RUN).description("Startup runs, by outcome").tags(tags)
                .tag("outcome", outcome.toLowerCase(Locale.ROOT)).register(registry).record(duration);
    }
}
