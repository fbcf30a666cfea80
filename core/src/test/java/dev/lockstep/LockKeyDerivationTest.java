package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.internal.lock.LockKey;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The derived lock key is a contract between versions (replicas of two releases must wait for each other during a
 * rolling update) and with operators, who look for the holder in {@code pg_locks}: it is exactly what the guide's
 * SQL computes, here computed by PostgreSQL itself.
 */
@PostgresTest
class LockKeyDerivationTest {
    private final TestDatabase db;

    LockKeyDerivationTest(TestDatabase db) {
        this.db = db;
    }

    @ParameterizedTest
    @CsvSource({
        "shop, public, flyway_schema_history",
        "shop, billing, flyway_schema_history",
        "Shop, Public, Flyway_Schema_History",
        "shop-eu, public, schema_history",
        "café, public, flyway_schema_history",
    })
    void theKeyIsTheGuidesSqlComputedByPostgresql(String database, String schema, String table) {
        String text = "lockstep:" + database + ":" + schema + ":" + table;
        long documented = db.queryLong("SELECT ('x' || left(encode(sha256(convert_to(lower('" + text + "'), 'UTF8')),"
                + " 'hex'), 16))::bit(64)::bigint");

        assertThat(LockKey.derive(database, schema, table)).isEqualTo(documented);
    }

    @ParameterizedTest
    @CsvSource({"shop, public, flyway_schema_history, 'shop, billing, flyway_schema_history'",
        "shop, public, flyway_schema_history, 'shop, public, other_history'",
        "shop, public, flyway_schema_history, 'shop2, public, flyway_schema_history'"})
    void anotherSchemaTableOrDatabaseGetsAnotherKey(String database, String schema, String table, String other) {
        String[] names = other.split(", ");

        assertThat(LockKey.derive(database, schema, table)).isNotEqualTo(LockKey.derive(names[0], names[1], names[2]));
    }
}
