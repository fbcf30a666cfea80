package dev.lockstep.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * quarkus.flyway.migrate-at-start=true beside Lockstep would migrate the datasource a second time, outside Lockstep's
 * lock: startup stops before either migrates, and says which setting to change.
 */
class FlywayMigrateAtStartTest {
    static final TestPostgres DB = TestPostgres.forTest("flyway_migrate_at_start");

    @RegisterExtension
    static final QuarkusUnitTest APP = DB.configure(new QuarkusUnitTest())
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class)
                    .addAsResource("db/basic/V1__create_greeting.sql", "db/migration/V1__create_greeting.sql"))
            .overrideConfigKey("quarkus.flyway.migrate-at-start", "true")
            .assertException(failure -> {
                assertThat(Messages.of(failure))
                        .contains("Both Lockstep and Quarkus' Flyway extension are set to migrate datasource <default>"
                                + " at startup (quarkus.flyway.migrate-at-start=true).")
                        .contains("To solve this, remove quarkus.flyway.migrate-at-start (or set it to false), or set"
                                + " quarkus.lockstep.enabled=false to let Flyway migrate without Lockstep.");
                assertThat(DB.tableExists("flyway_schema_history")).isFalse();
                assertThat(DB.tableExists("greeting")).isFalse();
            });

    @Test
    void startupFails() {
        fail("Startup should have failed on quarkus.flyway.migrate-at-start=true");
    }
}
