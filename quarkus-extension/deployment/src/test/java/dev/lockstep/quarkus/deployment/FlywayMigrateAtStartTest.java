package dev.lockstep.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.quarkus.LockstepDataSources;
import dev.lockstep.quarkus.deployment.orders.Purchase;
import dev.lockstep.quarkus.deployment.users.AppUser;
import io.quarkus.hibernate.orm.PersistenceUnit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An application as Quarkus' Flyway guide sets it up, {@code quarkus.flyway."name".migrate-at-start=true} for each of
 * two named datasources, with Lockstep added and nothing else changed: Lockstep migrates each datasource (lock,
 * snapshot, run history) before quarkus-flyway's own migrate-at-start, which finds nothing to do, and Hibernate ORM
 * validates and reads the migrated schemas.
 */
class FlywayMigrateAtStartTest {
    static final TestPostgres USERS = TestPostgres.forTest("migrate_at_start_users");
    static final TestPostgres ORDERS = TestPostgres.forTest("migrate_at_start_orders");

    @RegisterExtension
    static final QuarkusUnitTest APP = ORDERS.configure(USERS.configure(new QuarkusUnitTest(), "users"), "orders")
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class, LogText.class, AppUser.class, Purchase.class)
                    .addAsResource("db/users/V1__create_app_user.sql", "db/users/V1__create_app_user.sql")
                    .addAsResource("db/users/V2__seed_app_user.sql", "db/users/V2__seed_app_user.sql")
                    .addAsResource("db/orders/V1__create_purchase.sql", "db/orders/V1__create_purchase.sql"))
            .overrideConfigKey("quarkus.flyway.users.locations", "db/users")
            .overrideConfigKey("quarkus.flyway.users.migrate-at-start", "true")
            .overrideConfigKey("quarkus.flyway.orders.locations", "db/orders")
            .overrideConfigKey("quarkus.flyway.orders.migrate-at-start", "true")
            .overrideConfigKey("quarkus.hibernate-orm.users.datasource", "users")
            .overrideConfigKey("quarkus.hibernate-orm.users.packages", AppUser.class.getPackageName())
            .overrideConfigKey("quarkus.hibernate-orm.users.schema-management.strategy", "validate")
            .overrideConfigKey("quarkus.hibernate-orm.orders.datasource", "orders")
            .overrideConfigKey("quarkus.hibernate-orm.orders.packages", Purchase.class.getPackageName())
            .overrideConfigKey("quarkus.hibernate-orm.orders.schema-management.strategy", "validate")
            .setLogRecordPredicate(record -> true)
            .assertLogRecords(records -> {
                String log = LogText.of(records);
                // Lockstep's run applied the migrations; quarkus-flyway's own migrate ran after it, on each
                // datasource, and found nothing to do.
                assertThat(log).contains("migrated <empty> -> V2").contains("migrated <empty> -> V1");
                assertThat(LogText.count(log, "is up to date. No migration necessary.")).isEqualTo(2);
                assertThat(LogText.count(log, "Successfully applied")).isEqualTo(2);
            });

    @Inject
    @PersistenceUnit("users")
    EntityManager users;

    @Inject
    @PersistenceUnit("orders")
    EntityManager orders;

    @Inject
    LockstepDataSources lockstep;

    @Test
    void hibernateOrmReadsEachMigratedSchema() {
        AppUser ada = QuarkusTransaction.requiringNew().call(() -> users.find(AppUser.class, 1L));
        long purchases = QuarkusTransaction.requiringNew().call(
                () -> orders.createQuery("SELECT count(p) FROM Purchase p", Long.class).getSingleResult());

        assertThat(ada.name).isEqualTo("ada");
        assertThat(purchases).isZero();
    }

    @Test
    void lockstepMigratedEachDataSourceOnceAfterASnapshot() {
        assertThat(USERS.queryColumn("SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                .containsExactly("1", "2");
        assertThat(ORDERS.queryColumn("SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                .containsExactly("1");
        assertThat(USERS.queryColumn("SELECT outcome || ' ' || applied || ' ' || (snapshot_id IS NOT NULL)"
                + " FROM lockstep_runs")).containsExactly("MIGRATED 2 true");
        assertThat(ORDERS.queryColumn("SELECT outcome || ' ' || applied || ' ' || (snapshot_id IS NOT NULL)"
                + " FROM lockstep_runs")).containsExactly("MIGRATED 1 true");
        assertThat(lockstep.all()).containsOnlyKeys("orders", "users");
    }

}
