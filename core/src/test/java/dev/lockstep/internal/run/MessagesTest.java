package dev.lockstep.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.FailedMigration;
import dev.lockstep.LockHolder;
import dev.lockstep.SchemaState;
import dev.lockstep.internal.status.Comparison;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sentence each state's status carries: what is the matter and what to do. */
class MessagesTest {
    private static final Comparison COMPARISON = new Comparison(SchemaState.PENDING, "2", List.of("3", "R views"), null,
            List.of("1"), List.of("7", "8"));
    private static final LockHolder HOLDER = new LockHolder(4711, "lockstep:web-1:12", null, null, null,
            Duration.ofSeconds(3));

    @Test
    void aHealthySchemaAndAnUnreachableOneNeedNoSentence() {
        assertThat(Messages.describe(SchemaState.UP_TO_DATE, COMPARISON, null, null)).isEmpty();
        assertThat(Messages.describe(SchemaState.UNREACHABLE, COMPARISON, null, null)).isEmpty();
    }

    @Test
    void pendingListsWhatIsPending() {
        assertThat(Messages.describe(SchemaState.PENDING, COMPARISON, null, null))
                .isEqualTo("2 migration(s) pending: V3, R views");
    }

    @Test
    void waitingNamesTheHolderWhenKnown() {
        assertThat(Messages.describe(SchemaState.WAITING_FOR_LOCK, COMPARISON, null, HOLDER))
                .isEqualTo("Waiting for the Lockstep lock, held by pid 4711 (lockstep:web-1:12).");
        assertThat(Messages.describe(SchemaState.WAITING_FOR_LOCK, COMPARISON, null, null))
                .isEqualTo("Waiting for the Lockstep lock.");
    }

    @Test
    void migratingFailedAheadAndMismatched() {
        FailedMigration failed = new FailedMigration("3", "orders", "42P01", "Migration V3 (orders) failed: ...", false);

        assertThat(Messages.describe(SchemaState.MIGRATING, COMPARISON, null, null)).isEqualTo("Applying migrations.");
        assertThat(Messages.describe(SchemaState.FAILED, COMPARISON, failed, null))
                .isEqualTo("Migration V3 (orders) failed: ...");
        assertThat(Messages.describe(SchemaState.FAILED, COMPARISON, null, null)).isEqualTo("A migration failed.");
        assertThat(Messages.describe(SchemaState.AHEAD_OF_APP, COMPARISON, null, null)).isEqualTo("The database has"
                + " V7, V8, which this application does not ship: it runs on a newer schema than it was built for (a"
                + " rollback?).");
        assertThat(Messages.describe(SchemaState.CHECKSUM_MISMATCH, COMPARISON, null, null)).isEqualTo("Applied"
                + " migration(s) V1 differ from the files this application ships. Restore the original files, or run"
                + " flyway repair if the change was intended.");
    }
}
