package dev.lockstep.quarkus.deployment;

import static dev.lockstep.LockstepSettings.ENABLED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.quarkus.LockstepDataSources;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** quarkus.lockstep.enabled=false hands migrating back to quarkus.flyway.migrate-at-start: the escape hatch. */
class LockstepDisabledTest {
    static final TestPostgres DB = TestPostgres.forTest("lockstep_disabled");

    @RegisterExtension
    static final QuarkusUnitTest APP = DB.configure(new QuarkusUnitTest())
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class)
                    .addAsResource("db/basic/V1__create_greeting.sql", "db/migration/V1__create_greeting.sql"))
            .overrideConfigKey("quarkus.lockstep.enabled", "false")
            .overrideConfigKey("quarkus.flyway.migrate-at-start", "true");

    @Inject
    LockstepDataSources lockstep;

    @Test
    void flywayMigratesAndLockstepDoesNot() {
        assertThat(DB.queryColumn("SELECT version FROM flyway_schema_history WHERE success")).containsExactly("1");
        assertThat(DB.tableExists("lockstep_runs")).isFalse();
        assertThat(lockstep.get("<default>").orElseThrow().settings().get(ENABLED)).isFalse();
    }
}
