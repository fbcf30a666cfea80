package dev.lockstep.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A quarkus.lockstep property that names a datasource the application does not have fails the build. */
class UnknownDataSourceTest {
    static final TestPostgres DB = TestPostgres.forTest("unknown_datasource");

    @RegisterExtension
    static final QuarkusUnitTest APP = DB.configure(new QuarkusUnitTest())
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class)
                    .addAsResource("db/basic/V1__create_greeting.sql", "db/migration/V1__create_greeting.sql"))
            .overrideConfigKey("quarkus.lockstep.\"ordres\".lock.timeout", "1m")
            .assertException(failure -> {
                assertThat(Messages.of(failure))
                        .contains("Property quarkus.lockstep.\"ordres\".lock.timeout names datasource 'ordres',"
                                + " which is not configured. Configured datasources: <default>.")
                        .contains("To solve this, correct the name, or configure datasource 'ordres'"
                                + " (quarkus.datasource.\"ordres\".db-kind=postgresql).");
                assertThat(DB.tableExists("flyway_schema_history")).isFalse();
            });

    @Test
    void buildFails() {
        fail("The build should have failed on an unknown datasource name");
    }
}
