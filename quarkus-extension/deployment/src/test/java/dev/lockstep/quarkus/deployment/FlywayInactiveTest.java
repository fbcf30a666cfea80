package dev.lockstep.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.SchemaState;
import dev.lockstep.quarkus.LockstepDataSources;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code quarkus.flyway.active=false} (set on the application by quarkus-flyway's Kubernetes init task, whose Job
 * migrates instead) switches off Flyway's start actions, and Lockstep's with them: nothing is migrated at startup, and
 * one line says why. As with {@code quarkus.lockstep.enabled=false}, the skipped run's instance answers status probes.
 */
class FlywayInactiveTest {
    static final TestPostgres DB = TestPostgres.forTest("flyway_inactive");

    @RegisterExtension
    static final QuarkusUnitTest APP = DB.configure(new QuarkusUnitTest())
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class, LogText.class)
                    .addAsResource("db/basic/V1__create_greeting.sql", "db/migration/V1__create_greeting.sql"))
            .overrideConfigKey("quarkus.flyway.active", "false")
            .overrideConfigKey("quarkus.flyway.migrate-at-start", "true")
            .setLogRecordPredicate(record -> true)
            .assertLogRecords(records -> assertThat(LogText.of(records))
                    .contains("Lockstep: datasource <default> is not migrated at startup: quarkus.flyway.active=false"
                            + " switches off Flyway's start actions, and Lockstep's with them"));

    @Inject
    LockstepDataSources lockstep;

    @Test
    void nothingIsMigrated() {
        assertThat(DB.tableExists("flyway_schema_history")).isFalse();
        assertThat(DB.tableExists("lockstep_runs")).isFalse();
        assertThat(lockstep.get("<default>").orElseThrow().status().state()).isEqualTo(SchemaState.PENDING);
    }
}
