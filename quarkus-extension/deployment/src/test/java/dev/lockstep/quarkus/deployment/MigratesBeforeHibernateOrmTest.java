package dev.lockstep.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.SchemaState;
import dev.lockstep.quarkus.LockstepDataSources;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.flywaydb.core.Flyway;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lockstep migrates at startup before Hibernate ORM starts: Hibernate validates its mapping against the schema when it
 * starts, so the application would not start if the tables came later.
 */
class MigratesBeforeHibernateOrmTest {
    static final TestPostgres DB = TestPostgres.forTest("migrates_before_orm");

    @RegisterExtension
    static final QuarkusUnitTest APP = DB.configure(new QuarkusUnitTest())
            .withApplicationRoot(jar -> jar.addClasses(Greeting.class, TestPostgres.class, LogText.class)
                    .addAsResource("db/basic/V1__create_greeting.sql", "db/migration/V1__create_greeting.sql")
                    .addAsResource("db/basic/V2__seed_greeting.sql", "db/migration/V2__seed_greeting.sql")
                    .addAsResource("db/basic/V3__add_language.sql", "db/migration/V3__add_language.sql"))
            .overrideConfigKey("quarkus.hibernate-orm.schema-management.strategy", "validate")
            .setLogRecordPredicate(record -> true)
            .assertLogRecords(records -> assertThat(LogText.of(records))
                    .contains("migrated <empty> -> V3")
                    .doesNotContain(DB.password()));

    @Inject
    EntityManager entityManager;

    @Inject
    LockstepDataSources lockstep;

    /** The Flyway quarkus-flyway built, with Lockstep's customizer applied. */
    @Inject
    Flyway flyway;

    @Test
    void anEntityReadsWhatTheMigrationsCreated() {
        Greeting greeting = QuarkusTransaction.requiringNew().call(() -> entityManager.find(Greeting.class, 1L));

        assertThat(greeting.text).isEqualTo("hello");
        assertThat(greeting.language).isEqualTo("en");
    }

    @Test
    void lockstepRanTheMigrationsOnceAndFlywayDidNotRunThemAgain() {
        assertThat(DB.queryColumn("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                .containsExactly("1", "2", "3");
        assertThat(DB.queryColumn("SELECT outcome || ' ' || applied FROM lockstep_runs")).containsExactly("MIGRATED 3");
    }

    @Test
    void aSnapshotWasTakenBeforeMigrating() {
        var snapshots = lockstep.get("<default>").orElseThrow().snapshots().list();

        assertThat(snapshots).singleElement().satisfies(snapshot -> {
            assertThat(snapshot.verified()).isTrue();
            assertThat(snapshot.fromVersion()).isNull();
            assertThat(snapshot.targetVersion()).isEqualTo("3");
            assertThat(snapshot.file()).exists();
        });
    }

    @Test
    void theInstanceIsKeptForStatus() {
        var status = lockstep.get("<default>").orElseThrow().status();

        assertThat(status.state()).isEqualTo(SchemaState.UP_TO_DATE);
        assertThat(status.currentVersion()).isEqualTo("3");
    }

    @Test
    void quarkusFlywayUsesASessionLevelLock() {
        assertThat(flyway.getConfiguration().getPluginRegister().getPlugin(PostgreSQLConfigurationExtension.class)
                .isTransactionalLock()).isFalse();
    }
}
