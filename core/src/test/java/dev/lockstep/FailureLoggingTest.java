package dev.lockstep;

import static dev.lockstep.LockstepSettings.LOCK_KEY;
import static dev.lockstep.LockstepSettings.LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.MODE;
import static dev.lockstep.LockstepSettings.SNAPSHOT_PG_DUMP_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed run throws its message once and leaves the logging to its caller: nothing Lockstep logs at ERROR repeats
 * it (a failed start would otherwise print it twice, three times beside Spring Boot's failure analyzer).
 */
@PostgresTest
class FailureLoggingTest {
    private final TestDatabase db;
    @TempDir
    Path dir;
    @TempDir
    Path snapshots;

    FailureLoggingTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void aFailedMigration() {
        Lockstep lockstep = Migrations.standard(dir).add("V4__broken.sql", "SELECT * FROM no_such_table;")
                .lockstep(db).build();

        assertThrownOnceNeverLogged(lockstep::migrate, MigrationFailedException.class);
    }

    @Test
    void aLockTimeout() throws Exception {
        try (Connection holder = db.connect()) {
            holder.createStatement().execute("SELECT pg_advisory_lock(7340002)");
            Lockstep lockstep = Migrations.standard(dir).lockstep(db).set(LOCK_KEY, 7_340_002L)
                    .set(LOCK_TIMEOUT, Duration.ofSeconds(1)).build();

            assertThrownOnceNeverLogged(lockstep::migrate, LockTimeoutException.class);
        }
    }

    @Test
    void aFailedSnapshot() {
        Lockstep lockstep = Migrations.standard(dir).withSnapshots(db, snapshots)
                .set(SNAPSHOT_PG_DUMP_PATH, dir.resolve("no/pg_dump")).build();

        assertThrownOnceNeverLogged(lockstep::migrate, SnapshotFailedException.class);
    }

    @Test
    void aFailedMigrationInTheHistory() {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        db.execute("UPDATE flyway_schema_history SET success = false WHERE version = '3'");

        assertThrownOnceNeverLogged(migrations.lockstep(db).build()::migrate, LockstepException.class);
    }

    @Test
    void validateFindsPendingMigrations() {
        Lockstep lockstep = Migrations.standard(dir).lockstep(db).set(MODE, Mode.VALIDATE).build();

        assertThrownOnceNeverLogged(lockstep::migrate, LockstepException.class);
    }

    private static <T extends LockstepException> void assertThrownOnceNeverLogged(ThrowingCallable run, Class<T> type) {
        int before = CapturedLogs.lines().size();
        T failure = catchThrowableOfType(run, type);
        List<String> logged = CapturedLogs.lines().subList(before, CapturedLogs.lines().size());

        assertThat(failure).as("the run failed with a " + type.getSimpleName()).isNotNull();
        CapturedLogs.record(failure);
        String firstLine = failure.getMessage().lines().findFirst().orElseThrow();
        assertThat(logged).as("log lines of the failed run").isNotEmpty()
                .noneMatch(line -> line.startsWith("ERROR dev.lockstep"))
                .noneMatch(line -> line.contains(firstLine));
    }
}
