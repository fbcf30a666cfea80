package dev.lockstep.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.LockstepSettings;
import dev.lockstep.spring.LockstepProperties.Startup;
import org.junit.jupiter.api.Test;

/** The starter's defaults are the core's: a user reading either documentation gets the same answer. */
class LockstepPropertiesTest {

    @Test
    void everyDefaultEqualsTheCoresDefault() {
        LockstepProperties properties = new LockstepProperties();
        assertThat(properties.isEnabled()).isEqualTo(LockstepSettings.DEFAULT_ENABLED);
        assertThat(properties.getMode()).isEqualTo(LockstepSettings.DEFAULT_MODE);
        assertThat(properties.getConnectTimeout()).isEqualTo(LockstepSettings.DEFAULT_CONNECT_TIMEOUT);
        assertThat(properties.getLock().getTimeout()).isEqualTo(LockstepSettings.DEFAULT_LOCK_TIMEOUT);
        assertThat(properties.getLock().getKey()).isNull();
        assertThat(properties.getMigration().getLockTimeout()).isEqualTo(LockstepSettings.DEFAULT_MIGRATION_LOCK_TIMEOUT);
        assertThat(properties.getMigration().getStatementTimeout())
                .isEqualTo(LockstepSettings.DEFAULT_MIGRATION_STATEMENT_TIMEOUT);
        assertThat(properties.getMigration().getLockRetryBudget())
                .isEqualTo(LockstepSettings.DEFAULT_MIGRATION_LOCK_RETRY_BUDGET);
        assertThat(properties.getHealth().getAheadOfApp()).isEqualTo(LockstepSettings.DEFAULT_HEALTH_AHEAD_OF_APP);
        assertThat(properties.getSnapshot().isEnabled()).isEqualTo(LockstepSettings.DEFAULT_SNAPSHOT_ENABLED);
        assertThat(properties.getSnapshot().getDirectory()).isEqualTo(LockstepSettings.DEFAULT_SNAPSHOT_DIRECTORY);
        assertThat(properties.getSnapshot().isRequired()).isEqualTo(LockstepSettings.DEFAULT_SNAPSHOT_REQUIRED);
        assertThat(properties.getSnapshot().getKeep()).isEqualTo(LockstepSettings.DEFAULT_SNAPSHOT_KEEP);
        assertThat(properties.getSnapshot().getMaxAge()).isEqualTo(LockstepSettings.DEFAULT_SNAPSHOT_MAX_AGE);
        assertThat(properties.getSnapshot().getTimeout()).isEqualTo(LockstepSettings.DEFAULT_SNAPSHOT_TIMEOUT);
        assertThat(properties.getSnapshot().getPgDumpPath()).isNull();
        assertThat(properties.getSnapshot().getVerify()).isEqualTo(LockstepSettings.DEFAULT_SNAPSHOT_VERIFY);
        assertThat(properties.getOnFailure()).isEqualTo(LockstepSettings.DEFAULT_ON_FAILURE);
        assertThat(properties.getStartup()).isEqualTo(Startup.BLOCKING);
    }

    /** The IDE completes every key of the contract: the configuration processor saw a property for each. */
    @Test
    void everyContractKeyIsAPropertyWithMetadata() throws Exception {
        String metadata;
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the configuration processor's metadata").isNotNull();
            metadata = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s+", "");
        }
        for (String key : LockstepSettings.keys()) {
            assertThat(metadata).as("metadata for lockstep." + key).contains("\"name\":\"lockstep." + key + "\"");
        }
    }

    @Test
    void defaultPropertiesMakeTheCoresDefaultSettings() {
        assertThat(new LockstepProperties().toSettings()).isEqualTo(LockstepSettings.defaults());
    }
}
