package dev.lockstep.quarkus;

import dev.lockstep.Lockstep;
import dev.lockstep.MigrationReport;
import dev.lockstep.micrometer.LockstepMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Lockstep's meters ({@link LockstepMetrics}: the same names as every adapter), tagged {@code datasource=<name>}
 * ({@code default} for the default datasource). quarkus-micrometer binds it once its registries are in place, after
 * the startup run: the meters record that run from its report ({@link LockstepMetrics#record}). A bean only when
 * quarkus-micrometer is present.
 */
@Singleton
public class LockstepMeterBinder implements MeterBinder {
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private @Nullable MeterRegistry registry;

    @Override
    public synchronized void bindTo(MeterRegistry meterRegistry) {
        registry = meterRegistry;
        runs.forEach((name, run) -> bind(meterRegistry, name, run));
    }

    synchronized void add(String dataSourceName, Lockstep lockstep, MigrationReport report) {
        Run run = new Run(lockstep, report);
        runs.put(dataSourceName, run);
        if (registry != null) {
            bind(registry, dataSourceName, run);
        }
    }

    private static void bind(MeterRegistry registry, String dataSourceName, Run run) {
        String tag = DataSourceUtil.isDefault(dataSourceName) ? "default" : dataSourceName;
        LockstepMetrics metrics = new LockstepMetrics(registry, Tags.of("datasource", tag));
        metrics.bindStatus(run.lockstep());
        metrics.record(run.report());
    }

    private record Run(Lockstep lockstep, MigrationReport report) {}
}
