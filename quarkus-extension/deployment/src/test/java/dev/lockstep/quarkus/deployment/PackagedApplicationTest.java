package dev.lockstep.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.quarkus.deployment.orders.Purchase;
import dev.lockstep.quarkus.deployment.users.AppUser;
import dev.lockstep.quarkus.deployment.users.FirstUserReader;
import dev.lockstep.testsupport.TestDatabase;
import io.quarkus.builder.Version;
import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.ProdBuildResults;
import io.quarkus.test.ProdModeTestResults;
import io.quarkus.test.QuarkusProdModeTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A packaged application (two named PostgreSQL datasources, each with
 * {@code quarkus.flyway."name".migrate-at-start=true} as Quarkus' Flyway guide sets it, and Hibernate ORM on them), run as separate JVMs the way it is deployed: several
 * replicas at once, and a Kubernetes Job with {@code QUARKUS_INIT_AND_EXIT=true}. Configured through real environment
 * variables, {@code QUARKUS_LOCKSTEP_*} included.
 */
class PackagedApplicationTest {
    private static final Duration STARTUP = Duration.ofSeconds(120);

    @RegisterExtension
    static final QuarkusProdModeTest APP = new QuarkusProdModeTest()
            .withApplicationRoot(jar -> jar.addClasses(AppUser.class, Purchase.class, FirstUserReader.class)
                    .addAsResource("db/users/V1__create_app_user.sql", "db/users/V1__create_app_user.sql")
                    .addAsResource("db/users/V2__seed_app_user.sql", "db/users/V2__seed_app_user.sql")
                    .addAsResource("db/orders/V1__create_purchase.sql", "db/orders/V1__create_purchase.sql"))
            // The extensions an application would declare; test-scoped ones of this module are not packaged.
            .setForcedDependencies(List.of(extension("quarkus-jdbc-postgresql"), extension("quarkus-hibernate-orm"),
                    extension("quarkus-smallrye-health")))
            .setApplicationName("lockstep-packaged-test")
            .setApplicationVersion("1.0")
            .overrideConfigKey("quarkus.devservices.enabled", "false")
            .overrideConfigKey("quarkus.datasource.users.db-kind", "postgresql")
            .overrideConfigKey("quarkus.flyway.users.locations", "db/users")
            .overrideConfigKey("quarkus.flyway.users.migrate-at-start", "true")
            .overrideConfigKey("quarkus.hibernate-orm.users.datasource", "users")
            .overrideConfigKey("quarkus.hibernate-orm.users.packages", AppUser.class.getPackageName())
            .overrideConfigKey("quarkus.hibernate-orm.users.schema-management.strategy", "validate")
            .overrideConfigKey("quarkus.datasource.orders.db-kind", "postgresql")
            .overrideConfigKey("quarkus.flyway.orders.locations", "db/orders")
            .overrideConfigKey("quarkus.flyway.orders.migrate-at-start", "true")
            .overrideConfigKey("quarkus.hibernate-orm.orders.datasource", "orders")
            .overrideConfigKey("quarkus.hibernate-orm.orders.packages", Purchase.class.getPackageName())
            .overrideConfigKey("quarkus.hibernate-orm.orders.schema-management.strategy", "validate")
            .setRun(false);

    @ProdBuildResults
    ProdModeTestResults build;

    @Test
    void twoReplicasStartingTogetherMigrateEachDataSourceOnce() throws Exception {
        TestDatabase users = TestDatabase.create("packaged_replicas_users");
        TestDatabase orders = TestDatabase.create("packaged_replicas_orders");
        Map<String, String> environment = environment(users, orders);

        try (PackagedApplication first = PackagedApplication.start(jar(), environment);
                PackagedApplication second = PackagedApplication.start(jar(), environment)) {
            for (PackagedApplication replica : List.of(first, second)) {
                assertThat(replica.awaitReady(STARTUP)).contains("\"users.state\": \"UP_TO_DATE\"")
                        .contains("\"orders.state\": \"UP_TO_DATE\"");
                String log = replica.output();
                // Hibernate ORM reads the migrated schema; quarkus-flyway's own migrate-at-start ran on each
                // datasource and found nothing to do.
                assertThat(log).contains("first user: ada").doesNotContain(users.password(), orders.password());
                assertThat(LogText.count(log, "is up to date. No migration necessary.")).isEqualTo(2);
            }
        }

        assertThat(users.queryColumn("SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                .containsExactly("1", "2");
        assertThat(orders.queryColumn("SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                .containsExactly("1");
        // QUARKUS_LOCKSTEP_USERS_SNAPSHOT_ENABLED=false reached datasource users; orders took its snapshot.
        assertThat(users.queryColumn("SELECT outcome || ' ' || applied || ' ' || coalesce(snapshot_id, 'no snapshot')"
                + " FROM lockstep_runs")).containsExactly("MIGRATED 2 no snapshot");
        assertThat(orders.queryColumn("SELECT outcome || ' ' || applied || ' ' || (snapshot_id IS NOT NULL)"
                + " FROM lockstep_runs")).containsExactly("MIGRATED 1 true");
    }

    @Test
    void asAJobWithInitAndExitItMigratesAndExitsZeroOrNonZeroOnAFailedMigration() throws Exception {
        TestDatabase users = TestDatabase.create("packaged_job_users");
        TestDatabase orders = TestDatabase.create("packaged_job_orders");
        Map<String, String> job = new HashMap<>(environment(users, orders));
        job.put("QUARKUS_INIT_AND_EXIT", "true");

        try (PackagedApplication migrates = PackagedApplication.start(jar(), job)) {
            assertThat(migrates.awaitExit(STARTUP)).as(migrates.output()).isZero();
            assertThat(migrates.output()).contains("migrated <empty> -> V2").contains("migrated <empty> -> V1")
                    .doesNotContain("first user:").doesNotContain("Listening on");
        }
        assertThat(users.queryColumn("SELECT outcome || ' ' || applied FROM lockstep_runs"))
                .containsExactly("MIGRATED 2");
        assertThat(orders.queryColumn("SELECT outcome || ' ' || applied FROM lockstep_runs"))
                .containsExactly("MIGRATED 1");

        // V2 pending again, and its table gone: the next Job's V2 fails.
        users.execute("DELETE FROM flyway_schema_history WHERE version = '2'", "DROP TABLE app_user");
        try (PackagedApplication fails = PackagedApplication.start(jar(), job)) {
            assertThat(fails.awaitExit(STARTUP)).as(fails.output()).isNotZero();
            assertThat(fails.output()).contains("Migration V2 (seed app user) failed")
                    .contains("relation \"app_user\" does not exist (SQLSTATE 42P01)")
                    .contains("Fix the migration and start again.");
        }
        assertThat(users.queryColumn("SELECT outcome FROM lockstep_runs ORDER BY id"))
                .containsExactly("MIGRATED", "FAILED");
    }

    /** The datasources' URLs and credentials, and Lockstep settings, as an operator sets them. */
    private static Map<String, String> environment(TestDatabase users, TestDatabase orders) throws Exception {
        Path snapshots = Files.createTempDirectory("lockstep-packaged-snapshots");
        return Map.of("QUARKUS_DATASOURCE_USERS_JDBC_URL", users.jdbcUrl(),
                "QUARKUS_DATASOURCE_USERS_USERNAME", users.user(),
                "QUARKUS_DATASOURCE_USERS_PASSWORD", users.password(),
                "QUARKUS_DATASOURCE_ORDERS_JDBC_URL", orders.jdbcUrl(),
                "QUARKUS_DATASOURCE_ORDERS_USERNAME", orders.user(),
                "QUARKUS_DATASOURCE_ORDERS_PASSWORD", orders.password(),
                "QUARKUS_LOCKSTEP_USERS_SNAPSHOT_ENABLED", "false",
                "QUARKUS_LOCKSTEP_ORDERS_SNAPSHOT_DIRECTORY", snapshots.toString());
    }

    private static Dependency extension(String artifactId) {
        return Dependency.of("io.quarkus", artifactId, Version.getVersion());
    }

    private Path jar() {
        return build.getBuiltArtifactPath();
    }

}
