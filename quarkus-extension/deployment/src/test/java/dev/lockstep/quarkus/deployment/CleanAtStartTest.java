package dev.lockstep.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code quarkus.flyway.clean-at-start=true} would drop everything in the schema at every start: Lockstep refuses it
 * before Flyway or Lockstep touches the database, and says what to do instead.
 */
class CleanAtStartTest {
    static final TestPostgres DB = TestPostgres.forTest("clean_at_start",
            db -> db.execute("CREATE TABLE precious (id BIGINT PRIMARY KEY)", "INSERT INTO precious VALUES (42)"));

    @RegisterExtension
    static final QuarkusUnitTest APP = DB.configure(new QuarkusUnitTest())
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class)
                    .addAsResource("db/basic/V1__create_greeting.sql", "db/migration/V1__create_greeting.sql"))
            .overrideConfigKey("quarkus.flyway.clean-at-start", "true")
            .overrideConfigKey("quarkus.flyway.clean-disabled", "false")
            .overrideConfigKey("quarkus.flyway.migrate-at-start", "true")
            .assertException(failure -> {
                assertThat(Messages.of(failure))
                        .contains("quarkus.flyway.clean-at-start=true would have Flyway drop every object in the"
                                + " schemas of datasource <default> at every start, and Lockstep, which migrates that"
                                + " datasource, does not wipe a database it snapshots.")
                        .contains("To solve this, remove quarkus.flyway.clean-at-start (or set it to false); to start"
                                + " from an empty database, drop and create it before starting; or set"
                                + " quarkus.lockstep.enabled=false to let Flyway clean and migrate without Lockstep.");
                assertThat(DB.queryColumn("SELECT id FROM precious")).containsExactly("42");
                assertThat(DB.tableExists("flyway_schema_history")).isFalse();
            });

    @Test
    void startupFails() {
        fail("Startup should have failed on quarkus.flyway.clean-at-start=true");
    }
}
