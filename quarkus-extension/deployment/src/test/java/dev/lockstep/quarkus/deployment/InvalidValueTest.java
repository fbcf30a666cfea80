package dev.lockstep.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An invalid value stops startup with a message naming the property, the value and what to write instead. */
class InvalidValueTest {
    static final TestPostgres DB = TestPostgres.forTest("invalid_value");

    @RegisterExtension
    static final QuarkusUnitTest APP = DB.configure(new QuarkusUnitTest())
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class)
                    .addAsResource("db/basic/V1__create_greeting.sql", "db/migration/V1__create_greeting.sql"))
            .overrideConfigKey("quarkus.lockstep.lock.timeout", "banana")
            .assertException(failure -> {
                assertThat(Messages.of(failure)).contains("Invalid value for quarkus.lockstep.lock.timeout:")
                        .contains("lock.timeout=banana")
                        .contains("use a duration from 1ms to 365d, written as a number with a unit");
                assertThat(DB.tableExists("flyway_schema_history")).isFalse();
            });

    @Test
    void startupFails() {
        fail("Startup should have failed on quarkus.lockstep.lock.timeout=banana");
    }
}
