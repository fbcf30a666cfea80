package dev.lockstep.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.quarkus.agroal.spi.JdbcDataSourceBuildItem;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which datasources Lockstep runs for, and which datasource a quarkus.lockstep property configures. */
class ManagedDataSourcesTest {
    private static final List<JdbcDataSourceBuildItem> DATA_SOURCES = List.of(
            dataSource("users", "postgresql"), dataSource("<default>", "h2"), dataSource("legacy", "mysql"),
            dataSource("orders", "pgsql"));

    @Test
    void lockstepRunsForThePostgreSqlDataSourcesAndStepsAsideForTheOthers() {
        ManagedDataSources managed = ManagedDataSources.of(DATA_SOURCES, List.of());

        assertThat(managed.names()).containsExactly("orders", "users");
        // The default first, then by name.
        assertThat(managed.others()).containsExactly(entry("<default>", "h2"), entry("legacy", "mysql"));
    }

    @Test
    void propertiesOfADataSourceThatIsNotPostgreSqlDoNotFailTheBuild() {
        ManagedDataSources managed = ManagedDataSources.of(DATA_SOURCES,
                List.of("quarkus.lockstep.lock.timeout", "quarkus.lockstep.legacy.mode"));

        assertThat(managed.names()).containsExactly("orders", "users");
    }

    @Test
    void aPropertyNamingNoDataSourceFailsTheBuild() {
        assertThatThrownBy(() -> ManagedDataSources.of(DATA_SOURCES, List.of("quarkus.lockstep.ordres.mode")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Property quarkus.lockstep.ordres.mode names datasource 'ordres', which is not"
                        + " configured. Configured datasources: <default>, 'legacy', 'orders', 'users'.");
    }

    @Test
    void contractKeysConfigureTheDefaultDataSource() {
        for (String key : List.of("enabled", "mode", "connect-timeout", "lock.timeout", "lock.key",
                "migration.lock-timeout", "snapshot.directory", "on-failure", "health.ahead-of-app")) {
            assertThat(ManagedDataSources.dataSourceOf("quarkus.lockstep." + key)).as(key).contains("<default>");
        }
    }

    @Test
    void namedDataSourcesAreFoundQuotedOrNot() {
        assertThat(ManagedDataSources.dataSourceOf("quarkus.lockstep.users.lock.timeout")).contains("users");
        assertThat(ManagedDataSources.dataSourceOf("quarkus.lockstep.\"my.orders\".mode")).contains("my.orders");
    }

    @Test
    void theHealthSwitchAndOtherPropertiesNameNoDataSource() {
        assertThat(ManagedDataSources.dataSourceOf("quarkus.lockstep.health.enabled")).isEmpty();
        assertThat(ManagedDataSources.dataSourceOf("quarkus.flyway.users.locations")).isEmpty();
    }

    private static JdbcDataSourceBuildItem dataSource(String name, String dbKind) {
        return new JdbcDataSourceBuildItem(name, dbKind, Optional.empty(), true, name.equals("<default>"));
    }
}
