package dev.lockstep;

import static dev.lockstep.LockstepSettings.ENABLED;
import static dev.lockstep.LockstepSettings.LOCK_KEY;
import static dev.lockstep.LockstepSettings.LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.MODE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import dev.lockstep.testsupport.TestLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** validate, wait and off; a changed migration; a database ahead of the application. */
@PostgresTest
class ModesTest {
    private final TestDatabase db;
    @TempDir
    Path dir;
    @RegisterExtension
    final TestLogs logs = new TestLogs();

    ModesTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void validateWithPendingMigrationsFailsAndWritesNothing() {
        Lockstep lockstep = Migrations.standard(dir).lockstep(db).set(MODE, Mode.VALIDATE).build();

        assertThatThrownBy(lockstep::migrate)
                .isInstanceOfSatisfying(LockstepException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.code()).isEqualTo(ErrorCode.PENDING_MIGRATIONS);
                })
                .hasMessageContaining("mode=validate found 3 pending migration(s): V1, V2, V3; it applies none");
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isZero();
    }

    @Test
    void validatePassesOnAMigratedSchema() {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();

        MigrationReport report = migrations.lockstep(db).set(MODE, Mode.VALIDATE).build().migrate();

        assertThat(report.outcome()).isEqualTo(Outcome.VALIDATED);
        assertThat(report.state()).isEqualTo(SchemaState.UP_TO_DATE);
        assertThat(report.toVersion()).isEqualTo("3");
    }

    @Test
    void aChangedMigrationIsAChecksumMismatchAndNothingIsMigrated() throws Exception {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        migrations.add("V2__orders.sql", Files.readString(dir.resolve("V2__orders.sql")) + " -- edited after release")
                .add("V4__invoices.sql", "CREATE TABLE invoices (id bigint PRIMARY KEY);");
        Lockstep lockstep = migrations.lockstep(db).build();

        assertThat(lockstep.status().state()).isEqualTo(SchemaState.CHECKSUM_MISMATCH);
        assertThat(lockstep.status().health()).isEqualTo(Health.DOWN);
        assertThatThrownBy(lockstep::migrate)
                .isInstanceOfSatisfying(LockstepException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH);
                })
                .hasMessageContaining("Applied migration(s) V2 differ from the files this application ships")
                .hasMessageContaining("flyway repair");
        assertThat(db.queryString("SELECT to_regclass('invoices')::text")).isNull();
        assertThatThrownBy(migrations.lockstep(db).set(MODE, Mode.VALIDATE).build()::migrate)
                .hasMessageContaining("V2 differ");
    }

    @Test
    void aDatabaseAheadOfTheApplicationStartsAndSaysSo() {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        migrations.remove("V3__orders_by_customer.sql");

        Lockstep older = migrations.lockstep(db).build();
        MigrationReport report = older.migrate();

        assertThat(report.outcome()).isEqualTo(Outcome.UP_TO_DATE);
        assertThat(report.state()).isEqualTo(SchemaState.AHEAD_OF_APP);
        SchemaStatus status = older.status();
        assertThat(status.state()).isEqualTo(SchemaState.AHEAD_OF_APP);
        assertThat(status.health()).isEqualTo(Health.UP);
        assertThat(status.currentVersion()).isEqualTo("3");
        assertThat(status.targetVersion()).isEqualTo("2");
        assertThat(status.message()).contains("The database has V3, which this application does not ship");
        assertThat(migrations.lockstep(db).properties(java.util.Map.of("health.ahead-of-app", "down")).build()
                .status().health()).isEqualTo(Health.DOWN);
    }

    @Test
    void waitReturnsOnceAnotherInstanceHasMigrated() throws Exception {
        Migrations migrations = Migrations.standard(dir);
        Lockstep waiter = migrations.lockstep(db).set(MODE, Mode.WAIT).build();
        CompletableFuture<MigrationReport> waiting = CompletableFuture.supplyAsync(waiter::migrate);
        logs.await("mode=wait: schema at null, waiting for another service to reach V3", Duration.ofSeconds(30));
        assertThat(waiting).as("it has read the schema once and found it behind").isNotDone();
        // It waits without the Lockstep lock (or any advisory lock): the instance that migrates takes it.
        assertThat(db.queryLong("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).isZero();

        migrations.lockstep(db).build().migrate();

        MigrationReport report = waiting.get(60, TimeUnit.SECONDS);
        assertThat(report.outcome()).isEqualTo(Outcome.WAITED);
        assertThat(report.applied()).isEmpty();
        assertThat(report.toVersion()).isEqualTo("3");
    }

    /** Neither mode takes the Lockstep lock: another session holding it does not make them wait. */
    @Test
    void validateAndWaitTakeNoLock() throws Exception {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        long key = 7_340_301L;
        try (Connection holder = db.connect()) {
            holder.createStatement().execute("SELECT pg_advisory_lock(" + key + ")");

            MigrationReport validated = migrations.lockstep(db).set(MODE, Mode.VALIDATE).set(LOCK_KEY, key)
                    .set(LOCK_TIMEOUT, Duration.ofMillis(200)).build().migrate();
            MigrationReport waited = migrations.lockstep(db).set(MODE, Mode.WAIT).set(LOCK_KEY, key)
                    .set(LOCK_TIMEOUT, Duration.ofMillis(200)).build().migrate();

            assertThat(validated.outcome()).isEqualTo(Outcome.VALIDATED);
            assertThat(validated.lockWait()).isZero();
            assertThat(waited.outcome()).isEqualTo(Outcome.WAITED);
            assertThat(waited.lockWait()).isZero();
            assertThat(logs.lines()).noneMatch(line -> line.contains("waiting for the Lockstep lock"));
        }
    }

    @Test
    void waitGivesUpClearlyWhenNobodyMigrates() {
        Lockstep waiter = Migrations.standard(dir).lockstep(db).set(MODE, Mode.WAIT)
                .set(LOCK_TIMEOUT, Duration.ofSeconds(2)).build();

        assertThatThrownBy(waiter::migrate)
                .isInstanceOfSatisfying(LockstepException.class, e -> {
                    CapturedLogs.record(e);
                    assertThat(e.code()).isEqualTo(ErrorCode.WAIT_TIMEOUT);
                })
                .hasMessageContaining("mode=wait: the schema is at <empty> after lock.timeout=2s")
                .hasMessageContaining("this application needs V3")
                .hasMessageContaining("raise lock.timeout");
        assertThat(db.queryString("SELECT to_regclass('flyway_schema_history')::text")).isNull();
    }

    /** A wait polls with growing pauses, logs its progress once per 10 s, and gives its connection back. */
    @Test
    void waitPausesBetweenPollsLogsOnceAndReturnsItsConnection() {
        CountingDataSource counting = new CountingDataSource(db.dataSource());
        Lockstep waiter = Lockstep.configure(counting).flyway(f -> f.locations(Migrations.standard(dir).location()))
                .set(MODE, Mode.WAIT).set(LOCK_TIMEOUT, Duration.ofMillis(1500))
                .set(LockstepSettings.SNAPSHOT_ENABLED, false).build();

        assertThatThrownBy(waiter::migrate).isInstanceOfSatisfying(LockstepException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.WAIT_TIMEOUT));

        // Pauses of 100 ms growing by half, within 1.5 s: a handful of polls, not a busy loop.
        assertThat(counting.statementsCreated()).as("statements over 1.5 s of waiting").isBetween(2, 100);
        assertThat(logs.containing("mode=wait: schema at null, waiting for another service to reach V3")).hasSize(1);
        assertThat(counting.connectionsOpen()).isZero();
    }

    @Test
    void validateReportsTheDurationOfTheCallAndReturnsItsConnection() {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        CountingDataSource counting = new CountingDataSource(db.dataSource());
        Lockstep validator = Lockstep.configure(counting).flyway(f -> f.locations(migrations.location()))
                .set(MODE, Mode.VALIDATE).set(LockstepSettings.SNAPSHOT_ENABLED, false).build();

        long before = System.nanoTime();
        MigrationReport report = validator.migrate();
        Duration call = Duration.ofNanos(System.nanoTime() - before);

        assertThat(report.outcome()).isEqualTo(Outcome.VALIDATED);
        assertThat(report.duration()).isPositive().isLessThanOrEqualTo(call);
        assertThat(counting.connectionsRequested()).isPositive();
        assertThat(counting.connectionsOpen()).isZero();
    }

    @Test
    void offAndDisabledDoNothing() {
        Migrations migrations = Migrations.standard(dir);

        MigrationReport off = migrations.lockstep(db).set(MODE, Mode.OFF).build().migrate();
        MigrationReport disabled = migrations.lockstep(db).set(ENABLED, false).build().migrate();

        assertThat(off.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(off.state()).isEqualTo(SchemaState.PENDING);
        assertThat(disabled.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isZero();
    }
}
