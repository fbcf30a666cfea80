package dev.lockstep.quarkus.deployment;

import io.quarkus.builder.item.SimpleBuildItem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of the datasources Lockstep runs for (the PostgreSQL ones, the default first), and the others, by name,
 * with their db-kind.
 */
final class LockstepDataSourcesBuildItem extends SimpleBuildItem {
    private final List<String> names;
    private final Map<String, String> others;

    LockstepDataSourcesBuildItem(List<String> names, Map<String, String> others) {
        this.names = List.copyOf(names);
        this.others = Collections.unmodifiableMap(new LinkedHashMap<>(others));
    }

    List<String> names() {
        return names;
    }

    Map<String, String> others() {
        return others;
    }
}
