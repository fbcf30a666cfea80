package dev.lockstep.micrometer;

import static dev.lockstep.LockstepSettings.CONNECT_TIMEOUT;
import static dev.lockstep.LockstepSettings.MODE;
import static dev.lockstep.LockstepSettings.SNAPSHOT_ENABLED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.Lockstep;
import dev.lockstep.LockstepException;
import dev.lockstep.MigrationReport;
import dev.lockstep.Mode;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@PostgresTest
class LockstepMetricsTest {
    private final TestDatabase db;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LockstepMetrics metrics = new LockstepMetrics(registry, Tags.of("datasource", "main"));

    LockstepMetricsTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void aRunThatMigratesRecordsItsMeters() {
        Lockstep lockstep = lockstep(Mode.MIGRATE);
        metrics.bindStatus(lockstep);
        assertThat(registry.get(LockstepMetrics.PENDING).tag("datasource", "main").gauge().value()).isEqualTo(2.0);

        lockstep.migrate();

        assertThat(registry.get(LockstepMetrics.APPLIED).tag("datasource", "main").counter().count()).isEqualTo(2.0);
        assertThat(registry.get(LockstepMetrics.RUN).tags("datasource", "main", "outcome", "migrated").timer().count())
                .isEqualTo(1);
        assertThat(registry.get(LockstepMetrics.LOCK_WAIT).timer().count()).isEqualTo(1);
        assertThat(registry.get(LockstepMetrics.PENDING).gauge().value()).isZero();
        assertThat(registry.get(LockstepMetrics.SNAPSHOT_DURATION).timer().count()).isZero();
    }

    @Test
    void aRunRecordedFromItsReportAfterwardsCountsTheSame() {
        MigrationReport report = Lockstep.configure(db.dataSource()).flyway(f -> f.locations("classpath:db/metrics"))
                .set(SNAPSHOT_ENABLED, false).set(CONNECT_TIMEOUT, Duration.ofSeconds(10)).build().migrate();

        metrics.record(report);

        assertThat(registry.get(LockstepMetrics.APPLIED).counter().count()).isEqualTo(2.0);
        assertThat(registry.get(LockstepMetrics.RUN).tag("outcome", "migrated").timer().count()).isEqualTo(1);
        assertThat(registry.get(LockstepMetrics.LOCK_WAIT).timer().count()).isEqualTo(1);
    }

    @Test
    void aRunThatFailsBeforeMigratingIsCountedByItsErrorCode() {
        Lockstep lockstep = lockstep(Mode.VALIDATE);

        assertThatThrownBy(lockstep::migrate).isInstanceOf(LockstepException.class);

        assertThat(registry.get(LockstepMetrics.RUN).tag("outcome", "pending_migrations").timer().count())
                .isEqualTo(1);
        assertThat(registry.get(LockstepMetrics.APPLIED).counter().count()).isZero();
    }

    private Lockstep lockstep(Mode mode) {
        return Lockstep.configure(db.dataSource())
                .flyway(f -> f.locations("classpath:db/metrics"))
                .set(MODE, mode)
                .set(SNAPSHOT_ENABLED, false)
                .set(CONNECT_TIMEOUT, Duration.ofSeconds(10))
                .listener(metrics)
                .build();
    }
}
