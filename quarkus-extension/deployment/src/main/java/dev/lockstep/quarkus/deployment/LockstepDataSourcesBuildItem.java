package dev.lockstep.quarkus.deployment;

import io.quarkus.builder.item.SimpleBuildItem;
import java.util.List;

/** The names of the datasources Lockstep runs for: the PostgreSQL ones, the default first. */
final class LockstepDataSourcesBuildItem extends SimpleBuildItem {
    private final List<String> names;

    LockstepDataSourcesBuildItem(List<String> names) {
        this.names = List.copyOf(names);
    }

    List<String> names() {
        return names;
    }
}
