package dev.lockstep.quarkus.deployment;

import static dev.lockstep.LockstepSettings.LOCK_KEY;
import static dev.lockstep.LockstepSettings.LOCK_TIMEOUT;
import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.Lockstep;
import dev.lockstep.internal.lock.LockKey;
import dev.lockstep.quarkus.LockstepDataSources;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two named datasources, each migrated from its own locations, under its own lock (users' derived from its database,
 * orders' set by lock.key: two different keys, each taken by its own run, as the runs' DEBUG lines show), with its own
 * settings.
 */
class NamedDataSourcesTest {
    static final TestPostgres USERS = TestPostgres.forTest("named_users");
    static final TestPostgres ORDERS = TestPostgres.forTest("named_orders");

    @RegisterExtension
    static final QuarkusUnitTest APP = ORDERS.configure(USERS.configure(new QuarkusUnitTest(), "users"), "orders")
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class, LogText.class)
                    .addAsResource("db/users/V1__create_app_user.sql", "db/users/V1__create_app_user.sql")
                    .addAsResource("db/users/V2__seed_app_user.sql", "db/users/V2__seed_app_user.sql")
                    .addAsResource("db/orders/V1__create_purchase.sql", "db/orders/V1__create_purchase.sql"))
            .overrideConfigKey("quarkus.flyway.users.locations", "db/users")
            .overrideConfigKey("quarkus.flyway.orders.locations", "db/orders")
            .overrideConfigKey("quarkus.lockstep.users.lock.timeout", "2m")
            .overrideConfigKey("quarkus.lockstep.orders.lock.key", "4242")
            .overrideConfigKey("quarkus.log.category.\"dev.lockstep.internal.run\".level", "DEBUG")
            .setLogRecordPredicate(record -> String.valueOf(record.getLoggerName()).startsWith("dev.lockstep"))
            .assertLogRecords(records -> {
                long usersKey = LockKey.derive(database(USERS), "public", "flyway_schema_history");
                assertThat(usersKey).as("the users lock's key, derived").isNotEqualTo(4242L);
                assertThat(LogText.of(records))
                        .contains("[" + database(USERS) + "/public] acquired the Lockstep lock (key " + usersKey + ")")
                        .contains("[" + database(ORDERS) + "/public] acquired the Lockstep lock (key 4242)");
            });

    @Inject
    LockstepDataSources lockstep;

    @Test
    void eachDataSourceIsMigratedFromItsOwnLocations() {
        assertThat(USERS.queryColumn("SELECT name FROM app_user")).containsExactly("ada");
        assertThat(USERS.queryColumn("SELECT outcome || ' ' || applied FROM lockstep_runs")).containsExactly("MIGRATED 2");
        assertThat(USERS.tableExists("purchase")).isFalse();
        assertThat(ORDERS.queryColumn("SELECT outcome || ' ' || applied FROM lockstep_runs")).containsExactly("MIGRATED 1");
        assertThat(ORDERS.tableExists("app_user")).isFalse();
    }

    @Test
    void eachDataSourceHasItsOwnSettings() {
        Lockstep users = lockstep.get("users").orElseThrow();
        Lockstep orders = lockstep.get("orders").orElseThrow();

        assertThat(users.settings().get(LOCK_TIMEOUT)).isEqualTo(Duration.ofMinutes(2));
        assertThat(users.settings().get(LOCK_KEY)).isNull();
        assertThat(orders.settings().get(LOCK_TIMEOUT)).isEqualTo(Duration.ofMinutes(10));
        assertThat(orders.settings().get(LOCK_KEY)).isEqualTo(4242L);
        assertThat(lockstep.all()).containsOnlyKeys("orders", "users");
    }

    @Test
    void readinessReportsEachDataSource() {
        String body = when().get("/q/health/ready").then().statusCode(200).extract().asString();

        Map<String, Object> data = JsonPath.from(body).getMap("checks.find { it.name == 'lockstep' }.data");
        assertThat(data).containsEntry("users.state", "UP_TO_DATE").containsEntry("users.currentVersion", "2")
                .containsEntry("users.targetVersion", "2").containsEntry("users.pending", "")
                .containsEntry("users.lastRun.outcome", "MIGRATED").containsEntry("users.lastRun.applied", 2)
                .containsEntry("orders.state", "UP_TO_DATE").containsEntry("orders.currentVersion", "1")
                .containsEntry("orders.lastRun.outcome", "MIGRATED").containsEntry("orders.lastRun.applied", 1)
                .containsKeys("users.health", "users.checkedAt", "users.lastRun.startedAt", "orders.checkedAt");
        // Each datasource's fields carry its name; nothing is named as the default datasource's would be.
        assertThat(data.keySet()).allMatch(key -> key.startsWith("users.") || key.startsWith("orders."));
        assertThat(data.values()).doesNotContain("null");
    }

    /** The database name at the end of a test database's URL. */
    private static String database(TestPostgres postgres) {
        String path = postgres.jdbcUrl().replaceFirst("\\?.*$", "");
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
