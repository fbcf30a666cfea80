package dev.lockstep.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A snapshot that cannot be taken stops startup before any migration, with the core's message naming the fix. */
class SnapshotFailureTest {
    static final TestPostgres DB = TestPostgres.forTest("snapshot_failure");

    @RegisterExtension
    static final QuarkusUnitTest APP = DB.configure(new QuarkusUnitTest())
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class)
                    .addAsResource("db/basic/V1__create_greeting.sql", "db/migration/V1__create_greeting.sql"))
            .overrideConfigKey("quarkus.lockstep.snapshot.pg-dump-path", "/nonexistent/bin/pg_dump")
            .assertException(failure -> {
                assertThat(Messages.of(failure)).contains("dev.lockstep.SnapshotFailedException")
                        .contains("/nonexistent/bin/pg_dump")
                        .contains("snapshot.pg-dump-path")
                        .doesNotContain(DB.password());
                assertThat(DB.tableExists("greeting")).isFalse();
            });

    @Test
    void startupFails() {
        fail("Startup should have failed: pg_dump does not exist");
    }
}
