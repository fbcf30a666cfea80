package dev.lockstep.quarkus;

import dev.lockstep.Lockstep;
import dev.lockstep.MigrationReport;
import io.quarkus.arc.Arc;

/**
 * Hands a datasource's instance and its startup run's report to {@link LockstepMeterBinder}. Called only when quarkus-micrometer
 * is present; its signature names no Micrometer type, so that the recorder loads without Micrometer.
 */
final class MicrometerBinding {
    private MicrometerBinding() {}

    static void add(String dataSourceName, Lockstep lockstep, MigrationReport report) {
        Arc.container().instance(LockstepMeterBinder.class).get().add(dataSourceName, lockstep, report);
    }
}
