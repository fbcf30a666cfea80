package dev.lockstep.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A value the core refuses after parsing (a zero timeout) is reported with the named datasource's property. */
class InvalidNamedValueTest {
    static final TestPostgres DB = TestPostgres.forTest("invalid_named_value");

    @RegisterExtension
    static final QuarkusUnitTest APP = DB.configure(new QuarkusUnitTest(), "users")
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class)
                    .addAsResource("db/users/V1__create_app_user.sql", "db/users/V1__create_app_user.sql"))
            .overrideConfigKey("quarkus.flyway.users.locations", "db/users")
            .overrideConfigKey("quarkus.lockstep.users.migration.lock-timeout", "0s")
            .assertException(failure -> assertThat(Messages.of(failure))
                    .contains("Invalid value for quarkus.lockstep.users.migration.lock-timeout:")
                    .contains("Invalid Lockstep setting migration.lock-timeout=0s: use a duration from 1ms to"
                            + " 2147483647ms in whole milliseconds (PostgreSQL's limits for lock_timeout, where 0 means"
                            + " no limit)."));

    @Test
    void startupFails() {
        fail("Startup should have failed on quarkus.lockstep.users.migration.lock-timeout=0s");
    }
}
