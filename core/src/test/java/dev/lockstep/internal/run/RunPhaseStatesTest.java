package dev.lockstep.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.FailedMigration;
import dev.lockstep.LockHolder;
import dev.lockstep.SchemaState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The phase status probes see, step by step: idle (the database decides), waiting, migrating, failed; and what a run
 * leaves behind when it closes. The runs that drive it end to end are {@code dev.lockstep.RunPhaseTest}'s.
 */
class RunPhaseStatesTest {
    private static final LockHolder HOLDER = new LockHolder(4711, "other", null, null, null, Duration.ofSeconds(1));
    private static final FailedMigration FAILED = new FailedMigration("3", "orders", "42P01", "V3 failed", false);

    @Test
    void aRunMovesThroughWaitingAndMigratingAndLeavesNothingBehind() {
        RunPhase phase = new RunPhase();
        assertThat(phase.now()).isEqualTo(Activity.IDLE);
        assertThat(phase.now().state()).isNull();

        try (RunPhase.Run run = phase.start()) {
            run.waiting();
            assertThat(phase.now()).isEqualTo(new Activity(SchemaState.WAITING_FOR_LOCK, null, null));
            run.waitingFor(HOLDER);
            assertThat(phase.now()).isEqualTo(new Activity(SchemaState.WAITING_FOR_LOCK, HOLDER, null));
            run.migrating();
            assertThat(phase.now()).isEqualTo(new Activity(SchemaState.MIGRATING, null, null));
        }

        assertThat(phase.now()).isEqualTo(Activity.IDLE);
    }

    @Test
    void aFailedMigrationStaysUntilALaterRunSettles() {
        RunPhase phase = new RunPhase();
        try (RunPhase.Run run = phase.start()) {
            run.migrating();
            run.failed(FAILED);
            assertThat(phase.now()).isEqualTo(new Activity(SchemaState.FAILED, null, FAILED));
        }
        assertThat(phase.now()).isEqualTo(Activity.failed(FAILED));

        try (RunPhase.Run later = phase.start()) {
            later.waiting();
            assertThat(phase.now().state()).isEqualTo(SchemaState.WAITING_FOR_LOCK);
        }
        assertThat(phase.now()).isEqualTo(Activity.IDLE);
    }
}
