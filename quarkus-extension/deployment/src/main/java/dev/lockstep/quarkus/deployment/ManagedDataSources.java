package dev.lockstep.quarkus.deployment;

import dev.lockstep.LockstepSettings;
import dev.lockstep.quarkus.LockstepDataSources;
import io.quarkus.agroal.spi.JdbcDataSourceBuildItem;
import io.quarkus.datasource.common.runtime.DataSourceUtil;
import io.quarkus.datasource.common.runtime.DatabaseKind;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which datasources Lockstep runs for (every PostgreSQL JDBC datasource) and which it steps aside for (every other
 * db-kind: quarkus-flyway handles those as it would without Lockstep), decided from the db-kinds, which are fixed at
 * build time. The datasource names that {@code quarkus.lockstep} properties mention are checked, so that a misspelt
 * name fails the build instead of being ignored. Properties of a datasource that is not PostgreSQL do not fail it:
 * a profile commonly switches the default datasource to H2 for tests while the properties stay.
 */
final class ManagedDataSources {
    private static final String PREFIX = "quarkus.lockstep.";
    /** The first segments of the settings' keys: a property starting with anything else names a datasource. */
    private static final Set<String> SETTING_SEGMENTS = LockstepSettings.keys().stream()
            .map(key -> key.contains(".") ? key.substring(0, key.indexOf('.')) : key)
            .collect(Collectors.toUnmodifiableSet());

    private final List<String> names;
    private final Map<String, String> others;

    private ManagedDataSources(List<String> names, Map<String, String> others) {
        this.names = names;
        this.others = others;
    }

    static ManagedDataSources of(List<JdbcDataSourceBuildItem> dataSources, Iterable<String> propertyNames) {
        Map<String, String> kinds = new LinkedHashMap<>();
        dataSources.stream()
                .sorted(Comparator.comparing((JdbcDataSourceBuildItem item) -> !item.isDefault())
                        .thenComparing(JdbcDataSourceBuildItem::getName))
                .forEach(item -> kinds.put(item.getName(), item.getDbKind()));

        Map<String, String> configured = configuredDataSources(propertyNames);
        configured.forEach((name, property) -> {
            String kind = kinds.get(name);
            if (kind == null) {
                throw new ConfigurationException(unknown(name, property, kinds.keySet()), Set.of(property));
            }
        });

        List<String> postgres = new ArrayList<>();
        Map<String, String> others = new LinkedHashMap<>();
        kinds.forEach((name, kind) -> {
            if (DatabaseKind.isPostgreSQL(kind)) {
                postgres.add(name);
            } else {
                others.put(name, kind);
            }
        });
        return new ManagedDataSources(postgres, others);
    }

    /** The PostgreSQL datasources, the default first: Lockstep runs for these. */
    List<String> names() {
        return names;
    }

    /** The other JDBC datasources, by name, with their db-kind: Lockstep steps aside for these. */
    Map<String, String> others() {
        return others;
    }

    /** Datasource name to the first property that mentions it. */
    static Map<String, String> configuredDataSources(Iterable<String> propertyNames) {
        Map<String, String> configured = new TreeMap<>();
        for (String property : propertyNames) {
            dataSourceOf(property).ifPresent(name -> configured.putIfAbsent(name, property));
        }
        return configured;
    }

    /** {@code quarkus.lockstep."users".mode} and {@code quarkus.lockstep.users.mode} name "users". */
    static Optional<String> dataSourceOf(String property) {
        if (!property.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = property.substring(PREFIX.length());
        if (rest.equals("health.enabled")) {
            return Optional.empty(); // build-time switch for the whole application
        }
        if (rest.startsWith("\"")) {
            int end = rest.indexOf('"', 1);
            return end > 1 ? Optional.of(rest.substring(1, end)) : Optional.empty();
        }
        int dot = rest.indexOf('.');
        String first = dot < 0 ? rest : rest.substring(0, dot);
        if (SETTING_SEGMENTS.contains(first)) {
            return Optional.of(DataSourceUtil.DEFAULT_DATASOURCE_NAME);
        }
        return dot < 0 ? Optional.empty() : Optional.of(first);
    }

    private static String unknown(String name, String property, Set<String> known) {
        String what = DataSourceUtil.isDefault(name)
                ? "configures Lockstep for the default datasource, which is not configured"
                : "names datasource '" + name + "', which is not configured";
        String fix = DataSourceUtil.isDefault(name)
                ? "configure the default datasource (quarkus.datasource.db-kind=postgresql)"
                : "correct the name, or configure datasource '" + name + "' (quarkus.datasource.\"" + name
                        + "\".db-kind=postgresql)";
        return "Property " + property + " " + what + ". Configured datasources: "
                + (known.isEmpty() ? "none" : String.join(", ", known.stream().map(LockstepDataSources::describe)
                        .toList())) + ". To solve this, " + fix + ".";
    }
}
