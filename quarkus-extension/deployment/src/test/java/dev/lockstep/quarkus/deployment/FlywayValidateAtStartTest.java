package dev.lockstep.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.flyway.runtime.FlywayContainer;
import io.quarkus.flyway.runtime.FlywayContainerProducer;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code quarkus.flyway.validate-at-start=true} with pending migrations: Lockstep migrates before quarkus-flyway
 * validates, so validation passes instead of failing on "resolved migration not applied to database".
 *
 * <p>Lockstep runs while quarkus-flyway builds the datasource's Flyway, whichever start step asks for it first. In the
 * applications built here Lockstep's step comes first;
 * {@link #whenQuarkusFlywayBuildsItsFlywayLockstepHasMigratedBeforeFlywayActs} takes the other order's path: quarkus-flyway's own producer builds a Flyway, as its start step does before its
 * start actions, and Flyway finds nothing left to do.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlywayValidateAtStartTest {
    static final TestPostgres DB = TestPostgres.forTest("flyway_validate_at_start");

    @RegisterExtension
    static final QuarkusUnitTest APP = DB.configure(new QuarkusUnitTest())
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class, LogText.class)
                    .addAsResource("db/basic/V1__create_greeting.sql", "db/migration/V1__create_greeting.sql")
                    .addAsResource("db/basic/V2__seed_greeting.sql", "db/migration/V2__seed_greeting.sql")
                    .addAsResource("db/basic/V3__add_language.sql", "db/migration/V3__add_language.sql"))
            .overrideConfigKey("quarkus.flyway.validate-at-start", "true")
            .overrideConfigKey("quarkus.flyway.migrate-at-start", "true")
            .setLogRecordPredicate(record -> true)
            .assertLogRecords(records -> {
                String log = LogText.of(records);
                // quarkus-flyway validates the three migrations after Lockstep applied them (Lockstep's own Flyway
                // validates before applying, and logs the same line).
                assertThat(log.lastIndexOf("Successfully validated 3 migrations"))
                        .isGreaterThan(log.indexOf("migrated <empty> -> V3"));
            });

    @Inject
    FlywayContainerProducer quarkusFlyway;

    @Inject
    AgroalDataSource dataSource;

    @Test
    @Order(1)
    void lockstepMigratedBeforeFlywayValidated() {
        assertThat(DB.queryColumn("SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                .containsExactly("1", "2", "3");
        assertThat(DB.queryColumn("SELECT outcome || ' ' || applied FROM lockstep_runs")).containsExactly("MIGRATED 3");
    }

    @Test
    @Order(2)
    void whenQuarkusFlywayBuildsItsFlywayLockstepHasMigratedBeforeFlywayActs() {
        // V3 pending again, as if the application had just shipped it.
        DB.execute("DELETE FROM flyway_schema_history WHERE version = '3'",
                "ALTER TABLE greeting DROP COLUMN language");

        FlywayContainer container = quarkusFlyway.createFlyway(dataSource, "<default>", true, false,
                Set.of("db/migration"));

        assertThat(DB.queryColumn("SELECT outcome || ' ' || applied FROM lockstep_runs ORDER BY id"))
                .containsExactly("MIGRATED 3", "MIGRATED 1");
        container.getFlyway().validate();
        assertThat(container.getFlyway().migrate().migrationsExecuted).isZero();
    }
}
