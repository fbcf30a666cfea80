package dev.lockstep;

import static dev.lockstep.LockstepSettings.LOCK_KEY;
import static dev.lockstep.LockstepSettings.LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_PG_DUMP_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.spi.MigrationListener;
import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import dev.lockstep.testsupport.TestLogs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code status()} reports after a run ends, on every way it can end: never WAITING_FOR_LOCK or MIGRATING.
 * After a failure that applied nothing the database decides (PENDING); after a failed migration it is FAILED. Each
 * test also shows the phase the run was in when it failed, so that the test would catch a phase left behind.
 */
@PostgresTest
class RunPhaseTest {
    private static final long KEY = 7_340_001;

    private final TestDatabase db;
    @TempDir
    Path dir;
    @TempDir
    Path snapshots;
    @RegisterExtension
    final TestLogs logs = new TestLogs();

    RunPhaseTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void theLockConnectionLostWhileWaiting() throws Exception {
        try (Connection holder = holdLock()) {
            CountDownLatch waiting = new CountDownLatch(1);
            Lockstep lockstep = Migrations.standard(dir).lockstep(db).set(LOCK_KEY, KEY).instanceName("cut-off")
                    .listener(new MigrationListener() {
                        @Override
                        public void lockWaiting(LockHolder lockHolder) {
                            waiting.countDown();
                        }
                    }).build();
            CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(lockstep::migrate);
            assertThat(waiting.await(30, TimeUnit.SECONDS)).as("the run waits for the lock").isTrue();
            assertThat(lockstep.status().state()).isEqualTo(SchemaState.WAITING_FOR_LOCK);

            db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'lockstep:cut-off'");

            assertThatThrownBy(() -> run.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(LockstepException.class, e -> {
                        CapturedLogs.record(e);
                        assertThat(e.code()).isEqualTo(ErrorCode.DATABASE_ERROR);
                    });
            assertThat(lockstep.status().state()).isEqualTo(SchemaState.PENDING);
        }
    }

    @Test
    void theLockTimesOut() throws Exception {
        try (Connection holder = holdLock()) {
            List<SchemaState> whileWaiting = new CopyOnWriteArrayList<>();
            Lockstep[] self = new Lockstep[1];
            self[0] = Migrations.standard(dir).lockstep(db).set(LOCK_KEY, KEY)
                    .set(LOCK_TIMEOUT, Duration.ofSeconds(1))
                    .listener(new MigrationListener() {
                        @Override
                        public void lockWaiting(LockHolder lockHolder) {
                            whileWaiting.add(self[0].status().state());
                        }
                    }).build();

            assertThatThrownBy(self[0]::migrate).isInstanceOfSatisfying(LockTimeoutException.class, CapturedLogs::record);
            assertThat(whileWaiting).contains(SchemaState.WAITING_FOR_LOCK);
            assertThat(self[0].status().state()).isEqualTo(SchemaState.PENDING);
        }
    }

    @Test
    void theSnapshotFails() {
        Migrations migrations = Migrations.standard(dir);
        Lockstep lockstep = migrations.withSnapshots(db, snapshots).set(SNAPSHOT_PG_DUMP_PATH, dir.resolve("no/pg_dump")).build();

        assertThatThrownBy(lockstep::migrate).isInstanceOfSatisfying(SnapshotFailedException.class, CapturedLogs::record);
        assertThat(lockstep.status().state()).isEqualTo(SchemaState.PENDING);
    }

    @Test
    void aMigrationFailsInFlyway() {
        List<SchemaState> whileMigrating = new CopyOnWriteArrayList<>();
        Lockstep[] self = new Lockstep[1];
        self[0] = Migrations.standard(dir).add("V4__broken.sql", "SELECT * FROM no_such_table;").lockstep(db)
                .listener(new MigrationListener() {
                    @Override
                    public void migrationStarting(String version, String description) {
                        whileMigrating.add(self[0].status().state());
                    }
                }).build();

        assertThatThrownBy(self[0]::migrate).isInstanceOfSatisfying(MigrationFailedException.class, CapturedLogs::record);
        assertThat(whileMigrating).containsOnly(SchemaState.MIGRATING).hasSize(4);
        SchemaStatus after = self[0].status();
        assertThat(after.state()).isEqualTo(SchemaState.FAILED);
        assertThat(after.failed().version()).isEqualTo("4");
    }

    @Test
    void aFlywayCallbackThrowsARuntimeException() {
        Callback throwing = new ThrowingCallback(new IllegalStateException("the user's callback broke"));
        Lockstep lockstep = Migrations.standard(dir).lockstep(db).flyway(f -> f.callbacks(throwing)).build();

        assertThatThrownBy(lockstep::migrate).isInstanceOfSatisfying(MigrationFailedException.class, e -> {
            CapturedLogs.record(e);
            assertThat(e.report().applied()).isEmpty();
        }).hasMessageContaining("the user's callback broke");
        assertThat(lockstep.status().state()).isEqualTo(SchemaState.PENDING);
    }

    @Test
    void aFlywayCallbackThrowsAnError() {
        Callback throwing = new ThrowingCallback(new AssertionError("an Error, not an Exception"));
        Lockstep lockstep = Migrations.standard(dir).lockstep(db).flyway(f -> f.callbacks(throwing)).build();

        assertThatThrownBy(lockstep::migrate).hasStackTraceContaining("an Error, not an Exception");
        assertThat(lockstep.status().state()).isEqualTo(SchemaState.PENDING);
    }

    @Test
    @ListenerExceptions.MayThrow
    void aListenerThrowsAndTheRunGoesOn() {
        Lockstep lockstep = Migrations.standard(dir).lockstep(db).listener(new MigrationListener() {
            @Override
            public void lockAcquired(Duration waited) {
                throw new IllegalStateException("listener broke on lockAcquired");
            }

            @Override
            public void migrationStarting(String version, String description) {
                throw new IllegalStateException("listener broke on migrationStarting");
            }

            @Override
            public void runFinished(MigrationReport report) {
                throw new IllegalStateException("listener broke on runFinished");
            }
        }).build();

        assertThat(lockstep.migrate().outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(lockstep.status().state()).isEqualTo(SchemaState.UP_TO_DATE);
        assertThat(logs.containing(ListenerExceptions.WARNING)).hasSize(5);
    }

    private Connection holdLock() throws SQLException {
        Connection connection = db.connect();
        connection.createStatement().execute("SELECT pg_advisory_lock(" + KEY + ")");
        return connection;
    }

    /** A user's Flyway callback that throws before each migration. */
    private record ThrowingCallback(Throwable failure) implements Callback {
        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_EACH_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw (Error) failure;
        }

        @Override
        public String getCallbackName() {
            return "throwing";
        }
    }
}
