package dev.lockstep.quarkus;

import dev.lockstep.Lockstep;
import dev.lockstep.micrometer.LockstepMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.arc.Arc;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import java.util.function.Consumer;

/**
 * Lockstep's meters on Quarkus' registry, tagged {@code datasource=<name>} ({@code default} for the default
 * datasource). Loaded only when quarkus-micrometer is present: no other class of the extension refers to Micrometer.
 */
final class MicrometerBinding {
    private MicrometerBinding() {}

    /** Adds the meters' listener to the builder; the returned action binds the pending gauge to the built instance. */
    static Consumer<Lockstep> register(String dataSourceName, Lockstep.Builder builder) {
        MeterRegistry registry = Arc.container().instance(MeterRegistry.class).get();
        String tag = DataSourceUtil.isDefault(dataSourceName) ? "default" : dataSourceName;
        LockstepMetrics metrics = new LockstepMetrics(registry, Tags.of("datasource", tag));
        builder.listener(metrics);
        return metrics::bindStatus;
    }
}
