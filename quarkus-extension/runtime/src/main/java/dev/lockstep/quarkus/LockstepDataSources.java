package dev.lockstep.quarkus;

import dev.lockstep.Lockstep;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import jakarta.inject.Singleton;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@link Lockstep} instances that ran at startup, by datasource name ({@code <default>} for the default
 * datasource). Inject it to ask for a datasource's {@link Lockstep#status()} or its snapshots.
 */
@Singleton
public class LockstepDataSources {
    private final Map<String, Lockstep> instances = new TreeMap<>();

    /** The instance of a datasource, when Lockstep ran for it. */
    public synchronized Optional<Lockstep> get(String dataSourceName) {
        return Optional.ofNullable(instances.get(dataSourceName));
    }

    /** Every instance, sorted by datasource name. */
    public synchronized Map<String, Lockstep> all() {
        return Collections.unmodifiableMap(new TreeMap<>(instances));
    }

    synchronized void register(String dataSourceName, Lockstep lockstep) {
        instances.put(dataSourceName, lockstep);
    }

    /** How Lockstep's messages name a datasource: {@code <default>}, or its name in quotes ({@code 'users'}). */
    public static String describe(String dataSourceName) {
        return DataSourceUtil.isDefault(dataSourceName) ? "<default>" : "'" + dataSourceName + "'";
    }
}
