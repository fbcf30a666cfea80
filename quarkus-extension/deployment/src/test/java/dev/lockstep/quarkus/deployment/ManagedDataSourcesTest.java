package dev.lockstep.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which datasource a quarkus.lockstep property configures. */
class ManagedDataSourcesTest {

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
}
