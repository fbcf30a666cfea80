package dev.lockstep.quarkus;

import dev.lockstep.AppliedMigration;
import dev.lockstep.LockHolder;
import dev.lockstep.LockstepException;
import dev.lockstep.MigrationReport;
import dev.lockstep.spi.MigrationListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Keeps what a run told its listeners until a listener that arrives later is attached, then replays it and forwards
 * the rest. Quarkus adds its meter registries after the migration has already run at startup; this lets the meters
 * count that run anyway.
 */
final class RecordedRun implements MigrationListener {
    private final List<Consumer<MigrationListener>> events = new ArrayList<>();
    private @Nullable MigrationListener target;

    /** Replays what happened so far to {@code listener}, and forwards what happens next. */
    synchronized void attach(MigrationListener listener) {
        events.forEach(event -> event.accept(listener));
        events.clear();
        target = listener;
    }

    private synchronized void on(Consumer<MigrationListener> event) {
        if (target != null) {
            event.accept(target);
        } else {
            events.add(event);
        }
    }

    @Override
    public void lockWaiting(LockHolder holder) {
        on(l -> l.lockWaiting(holder));
    }

    @Override
    public void lockAcquired(Duration waited) {
        on(l -> l.lockAcquired(waited));
    }

    @Override
    public void migrationStarting(@Nullable String version, String description) {
        on(l -> l.migrationStarting(version, description));
    }

    @Override
    public void migrationApplied(AppliedMigration migration) {
        on(l -> l.migrationApplied(migration));
    }

    @Override
    public void migrationLockRetry(@Nullable String version, String description, int attempt, Duration spent) {
        on(l -> l.migrationLockRetry(version, description, attempt, spent));
    }

    @Override
    public void runFinished(MigrationReport report) {
        on(l -> l.runFinished(report));
    }

    @Override
    public void runFailed(LockstepException failure, Duration duration) {
        on(l -> l.runFailed(failure, duration));
    }
}
