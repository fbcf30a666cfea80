package dev.lockstep.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code quarkus.lockstep.mode=validate} beside {@code quarkus.flyway.validate-at-start=true}, with pending
 * migrations: Lockstep's check runs first, so the message a user reads is Lockstep's, which says what to do, not
 * Flyway's "Validate failed".
 */
class ValidateModeTest {
    static final TestPostgres DB = TestPostgres.forTest("validate_mode");

    @RegisterExtension
    static final QuarkusUnitTest APP = DB.configure(new QuarkusUnitTest())
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class)
                    .addAsResource("db/basic/V1__create_greeting.sql", "db/migration/V1__create_greeting.sql")
                    .addAsResource("db/basic/V2__seed_greeting.sql", "db/migration/V2__seed_greeting.sql"))
            .overrideConfigKey("quarkus.lockstep.mode", "validate")
            .overrideConfigKey("quarkus.flyway.validate-at-start", "true")
            .assertException(failure -> {
                assertThat(Messages.of(failure))
                        .contains("mode=validate found 2 pending migration(s)")
                        .contains("Migrate first (mode=migrate on one instance, or a migration job)")
                        .doesNotContain("Validate failed");
                assertThat(DB.tableExists("greeting")).isFalse();
            });

    @Test
    void startupFails() {
        fail("Startup should have failed on the pending migrations");
    }
}
