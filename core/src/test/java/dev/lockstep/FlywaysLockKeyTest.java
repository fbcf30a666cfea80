package dev.lockstep;

import static dev.lockstep.LockstepSettings.LOCK_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.internal.lock.LockKey;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lock.key} must not be the key of Flyway's own advisory lock: Lockstep would hold it, and Flyway would wait
 * for it for ever. The key Lockstep refuses is the one Flyway really takes (with the oldest and the newest Flyway).
 */
@PostgresTest
class FlywaysLockKeyTest {
    /** Records the advisory locks held in this database while the migration runs. */
    private static final String RECORD_LOCKS = "CREATE TABLE held_locks AS SELECT (classid::bigint << 32) | objid::bigint"
            + " AS key FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1"
            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database());";

    private final TestDatabase db;
    @TempDir
    Path dir;

    FlywaysLockKeyTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void flywayTakesTheKeyLockstepDerivesForIt() {
        Migrations.in(dir).add("V1__record_locks.sql", RECORD_LOCKS).lockstep(db).build().migrate();

        // Flyway's key, Lockstep's key, and the run's fencing marker (a random key the lock session adds).
        assertThat(db.queryColumn("SELECT key::text FROM held_locks")).hasSize(3).contains(
                Long.toString(LockKey.flywaysKey("public", "flyway_schema_history")),
                Long.toString(LockKey.derive(db.name(), "public", "flyway_schema_history")));
    }

    @Test
    void flywaysKeyIsRefusedBeforeAnythingRunsWhenTheSchemaComesFromTheConnection() {
        long flyways = LockKey.flywaysKey("public", "flyway_schema_history");
        Lockstep lockstep = Migrations.standard(dir).lockstep(db).set(LOCK_KEY, flyways).build();

        assertThatThrownBy(lockstep::migrate)
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.key()).isEqualTo("lock.key"))
                .hasMessage("Invalid Lockstep setting lock.key=" + flyways + ": it is the key of Flyway's own advisory"
                        + " lock on \"public\".\"flyway_schema_history\", which Flyway takes while it migrates; with"
                        + " Lockstep holding it, Flyway would wait for ever. Use another number, or leave lock.key"
                        + " unset to derive a key.");
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isZero();
        assertThat(lockstep.status().state()).isEqualTo(SchemaState.PENDING);
    }

    @Test
    void flywaysKeyIsRefusedAtBuildWhenFlywaysSchemaIsConfigured() {
        long flyways = LockKey.flywaysKey("public", "flyway_schema_history");

        assertThatThrownBy(() -> Migrations.standard(dir).lockstep(db).flyway(f -> f.schemas("public"))
                .set(LOCK_KEY, flyways).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("Flyway's own advisory lock on \"public\".\"flyway_schema_history\"");
    }
}
