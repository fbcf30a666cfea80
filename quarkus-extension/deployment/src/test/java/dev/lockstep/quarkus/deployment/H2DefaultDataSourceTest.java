package dev.lockstep.quarkus.deployment;

import static io.restassured.RestAssured.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.quarkus.LockstepDataSources;
import dev.lockstep.quarkus.deployment.notes.Note;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.QuarkusUnitTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An application whose default datasource is H2 (as many are in tests and local runs), migrated by quarkus-flyway's
 * migrate-at-start and used through Hibernate ORM and plain JDBC, beside a named PostgreSQL datasource. Lockstep steps
 * aside for H2, says why in one line, and migrates the PostgreSQL one; a {@code quarkus.lockstep} property left for
 * the default datasource (as a profile that switches it to H2 leaves it) does not fail the build.
 */
class H2DefaultDataSourceTest {
    static final TestPostgres ORDERS = TestPostgres.forTest("h2_default_orders");

    @RegisterExtension
    static final QuarkusUnitTest APP = ORDERS.configure(new QuarkusUnitTest(), "orders")
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class, LogText.class, Note.class)
                    .addAsResource("db/h2/V1__create_note.sql", "db/migration/V1__create_note.sql")
                    .addAsResource("db/h2/V2__seed_note.sql", "db/migration/V2__seed_note.sql")
                    .addAsResource("db/orders/V1__create_purchase.sql", "db/orders/V1__create_purchase.sql"))
            .overrideConfigKey("quarkus.datasource.db-kind", "h2")
            .overrideConfigKey("quarkus.datasource.jdbc.driver", "org.h2.Driver")
            .overrideConfigKey("quarkus.datasource.jdbc.url", "jdbc:h2:mem:notes;DB_CLOSE_DELAY=-1")
            .overrideConfigKey("quarkus.datasource.username", "sa")
            .overrideConfigKey("quarkus.flyway.migrate-at-start", "true")
            .overrideConfigKey("quarkus.hibernate-orm.datasource", "<default>")
            .overrideConfigKey("quarkus.hibernate-orm.schema-management.strategy", "validate")
            .overrideConfigKey("quarkus.lockstep.lock.timeout", "5m")
            .overrideConfigKey("quarkus.flyway.orders.locations", "db/orders")
            .overrideConfigKey("quarkus.flyway.orders.migrate-at-start", "true")
            .setLogRecordPredicate(record -> true)
            .assertLogRecords(records -> assertThat(LogText.of(records))
                    .contains("Lockstep steps aside for datasource <default>: its db-kind is h2, and Lockstep migrates"
                            + " PostgreSQL only. quarkus-flyway handles it as configured, as without Lockstep.")
                    .doesNotContain("steps aside for datasource 'orders'"));

    @Inject
    EntityManager entityManager;

    @Inject
    AgroalDataSource h2;

    @Inject
    LockstepDataSources lockstep;

    @Test
    void hibernateOrmReadsWhatQuarkusFlywayMigratedInH2() {
        Note note = QuarkusTransaction.requiringNew().call(() -> entityManager.find(Note.class, 1L));

        assertThat(note.text).isEqualTo("kept in H2");
    }

    @Test
    void theApplicationsJdbcCodeWorksOnH2() throws SQLException {
        try (Connection connection = h2.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO note (id, text) VALUES (2, 'written by the application')");
            try (ResultSet rows = statement.executeQuery(
                    "SELECT count(*) FROM note WHERE text = 'written by the application'")) {
                rows.next();
                assertThat(rows.getLong(1)).isOne();
            }
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM information_schema.tables"
                    + " WHERE lower(table_name) IN ('lockstep_runs', 'flyway_schema_history')")) {
                rows.next();
                // Flyway's history only: Lockstep left no table in H2.
                assertThat(rows.getLong(1)).isOne();
            }
        }
    }

    @Test
    void lockstepMigratedThePostgreSqlDataSourceOnly() {
        assertThat(ORDERS.queryColumn("SELECT outcome || ' ' || applied FROM lockstep_runs"))
                .containsExactly("MIGRATED 1");
        assertThat(lockstep.all()).containsOnlyKeys("orders");
    }

    @Test
    void readinessReportsThePostgreSqlDataSourceOnly() {
        String body = when().get("/q/health/ready").then().statusCode(200).extract().asString();

        Map<String, Object> data = JsonPath.from(body).getMap("checks.find { it.name == 'lockstep' }.data");
        assertThat(data).containsEntry("orders.state", "UP_TO_DATE");
        assertThat(data.keySet()).allMatch(key -> key.startsWith("orders."));
    }
}
