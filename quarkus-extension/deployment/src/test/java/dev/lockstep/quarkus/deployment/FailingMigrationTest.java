package dev.lockstep.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A migration that fails stops startup with a message naming the version, the database's error and the fix. */
class FailingMigrationTest {
    static final TestPostgres DB = TestPostgres.forTest("failing_migration");

    @RegisterExtension
    static final QuarkusUnitTest APP = DB.configure(new QuarkusUnitTest())
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class, LogText.class)
                    .addAsResource("db/failing/V1__create_item.sql", "db/migration/V1__create_item.sql")
                    .addAsResource("db/failing/V2__broken.sql", "db/migration/V2__broken.sql"))
            .setLogRecordPredicate(record -> true)
            .assertLogRecords(records -> assertThat(LogText.of(records)).contains("Migration V2")
                    .doesNotContain(DB.password()))
            .assertException(failure -> {
                assertThat(Messages.of(failure)).contains("dev.lockstep.MigrationFailedException")
                        .contains("Migration V2")
                        .contains("SQLSTATE 42P01")
                        .contains("Fix the migration and start again.");
                assertThat(DB.queryColumn("SELECT version FROM flyway_schema_history WHERE success")).containsExactly("1");
                assertThat(DB.queryColumn("SELECT outcome FROM lockstep_runs")).containsExactly("FAILED");
            });

    @Test
    void startupFails() {
        fail("Startup should have failed on the broken migration V2");
    }
}
