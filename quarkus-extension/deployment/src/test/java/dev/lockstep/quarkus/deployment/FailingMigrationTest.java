package dev.lockstep.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import java.util.logging.Level;
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
            .assertLogRecords(records -> {
                assertThat(LogText.of(records)).contains("migrating <empty> -> V2").doesNotContain(DB.password());
                // The failure is thrown once, for Quarkus to report; Lockstep does not log it as well.
                assertThat(records).noneMatch(record -> record.getLevel().intValue() >= Level.SEVERE.intValue()
                        && String.valueOf(record.getLoggerName()).startsWith("dev.lockstep"));
            })
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
