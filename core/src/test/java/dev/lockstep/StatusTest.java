package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.spi.MigrationListener;
import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.api.resolver.MigrationResolver;
import org.flywaydb.core.api.resolver.ResolvedMigration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every state a probe can report, which one wins when the history shows several (FAILED, then CHECKSUM_MISMATCH, then
 * PENDING, then AHEAD_OF_APP), and that a probe never scans for migrations again.
 */
@PostgresTest
class StatusTest {
    private final TestDatabase db;
    @TempDir
    Path dir;

    StatusTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void pendingThenUpToDate() {
        Lockstep lockstep = Migrations.standard(dir).lockstep(db).build();

        SchemaStatus before = lockstep.status();
        assertThat(before.state()).isEqualTo(SchemaState.PENDING);
        assertThat(before.health()).isEqualTo(Health.OUT_OF_SERVICE);
        assertThat(before.currentVersion()).isNull();
        assertThat(before.targetVersion()).isEqualTo("3");
        assertThat(before.pending()).containsExactly("1", "2", "3");
        assertThat(before.pendingCount()).isEqualTo(3);
        assertThat(before.message()).isEqualTo("3 migration(s) pending: V1, V2, V3");

        lockstep.migrate();
        SchemaStatus after = lockstep.status();
        assertThat(after.state()).isEqualTo(SchemaState.UP_TO_DATE);
        assertThat(after.health()).isEqualTo(Health.UP);
        assertThat(after.currentVersion()).isEqualTo("3");
        assertThat(after.pending()).isEmpty();
        assertThat(after.message()).isEmpty();
        assertThat(after.lastRun()).isNotNull();
        assertThat(after.lastRun().outcome()).isEqualTo("MIGRATED");
        assertThat(after.lastRun().toVersion()).isEqualTo("3");
    }

    /** Flyway records the schemas it created as a marker row in the history; that row is no migration to apply. */
    @Test
    void aSchemaFlywayCreatedIsNoPendingMigration() {
        Lockstep lockstep = Migrations.standard(dir).lockstep(db).flyway(f -> f.schemas("created_by_flyway")).build();

        lockstep.migrate();

        assertThat(db.queryString("SELECT description FROM created_by_flyway.flyway_schema_history"
                + " WHERE installed_rank = 0")).isEqualTo("<< Flyway Schema Creation >>");
        SchemaStatus after = lockstep.status();
        assertThat(after.state()).isEqualTo(SchemaState.UP_TO_DATE);
        assertThat(after.pending()).isEmpty();
        Lockstep restarted = Migrations.standard(dir).lockstep(db).flyway(f -> f.schemas("created_by_flyway")).build();
        assertThat(restarted.status().state()).as("a later start").isEqualTo(SchemaState.UP_TO_DATE);
        assertThat(restarted.migrate().outcome()).isEqualTo(Outcome.UP_TO_DATE);
    }

    @Test
    void migratingWhileTheRunAppliesAMigration() {
        List<SchemaStatus> seen = new CopyOnWriteArrayList<>();
        Lockstep[] self = new Lockstep[1];
        self[0] = Migrations.standard(dir).lockstep(db).listener(new MigrationListener() {
            @Override
            public void migrationStarting(String version, String description) {
                seen.add(self[0].status());
            }
        }).build();

        self[0].migrate();

        assertThat(seen).hasSize(3).allSatisfy(status -> {
            assertThat(status.state()).isEqualTo(SchemaState.MIGRATING);
            assertThat(status.health()).isEqualTo(Health.OUT_OF_SERVICE);
        });
    }

    @Test
    void failedAheadOfAppAndChecksumMismatch() {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();

        migrations.add("V4__broken.sql", "SELECT * FROM missing_table;");
        Lockstep failing = migrations.lockstep(db).build();
        assertThatThrownBy(failing::migrate).isInstanceOfSatisfying(MigrationFailedException.class, CapturedLogs::record);
        assertThat(failing.status().state()).isEqualTo(SchemaState.FAILED);
        assertThat(failing.status().failed().sqlState()).isEqualTo("42P01");

        migrations.remove("V4__broken.sql").remove("V3__orders_by_customer.sql");
        assertThat(migrations.lockstep(db).build().status().state()).isEqualTo(SchemaState.AHEAD_OF_APP);

        migrations.add("V3__orders_by_customer.sql", "CREATE INDEX orders_by_customer ON orders (customer_id, id);");
        SchemaStatus mismatch = migrations.lockstep(db).build().status();
        assertThat(mismatch.state()).isEqualTo(SchemaState.CHECKSUM_MISMATCH);
        assertThat(mismatch.health()).isEqualTo(Health.DOWN);
        assertThat(mismatch.message()).contains("V3 differ from the files this application ships");
    }

    @Test
    void waitingForLockWhileAnotherSessionHoldsIt() throws Exception {
        long key = 7_340_201L;
        try (Connection holder = db.connect()) {
            holder.createStatement().execute("SELECT set_config('application_name', 'other-deploy', false),"
                    + " pg_advisory_lock(" + key + ")");
            CountDownLatch waiting = new CountDownLatch(1);
            Lockstep lockstep = Migrations.standard(dir).lockstep(db).set(LockstepSettings.LOCK_KEY, key)
                    .listener(new MigrationListener() {
                        @Override
                        public void lockWaiting(LockHolder lockHolder) {
                            waiting.countDown();
                        }
                    }).build();
            CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(lockstep::migrate);
            assertThat(waiting.await(30, TimeUnit.SECONDS)).as("the run waits for the lock").isTrue();

            SchemaStatus status = lockstep.status();
            assertThat(status.state()).isEqualTo(SchemaState.WAITING_FOR_LOCK);
            assertThat(status.health()).isEqualTo(Health.OUT_OF_SERVICE);
            assertThat(status.pending()).containsExactly("1", "2", "3");
            assertThat(status.lockHolder().applicationName()).isEqualTo("other-deploy");
            assertThat(status.message()).startsWith("Waiting for the Lockstep lock, held by pid "
                    + LockWaitTest.pid(holder) + " (other-deploy");

            holder.createStatement().execute("SELECT pg_advisory_unlock(" + key + ")");
            assertThat(run.get(60, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.MIGRATED);
            assertThat(lockstep.status().state()).isEqualTo(SchemaState.UP_TO_DATE);
        }
    }

    @Test
    void aFailedMigrationOutranksAChecksumMismatch() throws Exception {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        db.execute("UPDATE flyway_schema_history SET success = false WHERE version = '3'");
        migrations.add("V2__orders.sql", Files.readString(dir.resolve("V2__orders.sql")) + " -- edited after release");

        SchemaStatus status = migrations.lockstep(db).build().status();

        assertThat(status.state()).isEqualTo(SchemaState.FAILED);
        assertThat(status.health()).isEqualTo(Health.DOWN);
        assertThat(status.failed().version()).isEqualTo("3");
        assertThat(status.failed().leftChanges()).isTrue();
        assertThat(status.message()).startsWith("Flyway recorded V3 as failed: it ran outside a transaction");
    }

    @Test
    void aChecksumMismatchOutranksPendingMigrations() throws Exception {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        migrations.add("V2__orders.sql", Files.readString(dir.resolve("V2__orders.sql")) + " -- edited after release")
                .add("V4__invoices.sql", "CREATE TABLE invoices (id bigint PRIMARY KEY);");

        SchemaStatus status = migrations.lockstep(db).build().status();

        assertThat(status.state()).isEqualTo(SchemaState.CHECKSUM_MISMATCH);
        assertThat(status.pending()).containsExactly("4");
        assertThat(status.failed()).isNull();
        assertThat(status.message()).isEqualTo("Applied migration(s) V2 differ from the files this application ships."
                + " Restore the original files, or run flyway repair if the change was intended.");
    }

    @Test
    void pendingMigrationsOutrankADatabaseAheadOfTheApplication() {
        Migrations migrations = Migrations.standard(dir).add("V9__audit.sql", "CREATE TABLE audit (id bigint);");
        migrations.lockstep(db).build().migrate();
        migrations.remove("V9__audit.sql").add("V4__invoices.sql", "CREATE TABLE invoices (id bigint PRIMARY KEY);");

        SchemaStatus status = migrations.lockstep(db).build().status();

        assertThat(status.state()).isEqualTo(SchemaState.PENDING);
        assertThat(status.currentVersion()).isEqualTo("9");
        assertThat(status.targetVersion()).isEqualTo("4");
        assertThat(status.pending()).containsExactly("4");
        assertThat(status.message()).isEqualTo("1 migration(s) pending: V4");
    }

    @Test
    void unreachable() {
        org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/app?connectTimeout=1");
        SchemaStatus status = Lockstep.configure(nowhere).build().status();

        assertThat(status.state()).isEqualTo(SchemaState.UNREACHABLE);
        assertThat(status.health()).isEqualTo(Health.DOWN);
        assertThat(status.message()).startsWith("Cannot read the schema history at jdbc:postgresql://127.0.0.1:1/app");
        assertThat(status.targetVersion()).as("no migrations were resolved").isNull();
    }

    /** Once resolved, the shipped target is still shown while the database cannot be reached; none when none ships. */
    @Test
    void unreachableAfterStartupStillShowsTheTarget() throws Exception {
        assertThat(statusOnceUnreachable(Migrations.standard(dir)).targetVersion()).isEqualTo("3");
        assertThat(statusOnceUnreachable(Migrations.in(Files.createDirectories(dir.resolve("none"))))
                .targetVersion()).isNull();
    }

    private SchemaStatus statusOnceUnreachable(Migrations migrations) {
        org.postgresql.ds.PGSimpleDataSource moving = new org.postgresql.ds.PGSimpleDataSource();
        moving.setUrl(db.jdbcUrl());
        moving.setUser(db.user());
        moving.setPassword(db.password());
        Lockstep lockstep = Lockstep.configure(new CountingDataSource(moving))
                .flyway(f -> f.locations(migrations.location())).build();
        assertThat(lockstep.status().state()).isNotEqualTo(SchemaState.UNREACHABLE);

        moving.setUrl("jdbc:postgresql://127.0.0.1:1/app?connectTimeout=1");
        SchemaStatus status = lockstep.status();
        assertThat(status.state()).isEqualTo(SchemaState.UNREACHABLE);
        return status;
    }

    @Test
    void aProbeNeverResolvesMigrationsAgain() {
        CountingResolver resolver = new CountingResolver();
        Migrations migrations = Migrations.standard(dir);
        Lockstep lockstep = migrations.lockstep(db).flyway(f -> f.resolvers(resolver)).build();
        lockstep.migrate();
        int afterStartup = resolver.calls.get();

        for (int i = 0; i < 50; i++) {
            assertThat(lockstep.status().state()).isEqualTo(SchemaState.UP_TO_DATE);
        }
        // Another instance changes the history: the probe reads it again, but still resolves nothing.
        migrations.add("V4__invoices.sql", "CREATE TABLE invoices (id bigint PRIMARY KEY);").lockstep(db).build().migrate();
        assertThat(lockstep.status().state()).isEqualTo(SchemaState.AHEAD_OF_APP);

        assertThat(afterStartup).isPositive();
        assertThat(resolver.calls.get()).isEqualTo(afterStartup);
    }

    /** A Flyway resolver that finds nothing and counts how often Flyway asks it: once per resolution. */
    private static final class CountingResolver implements MigrationResolver {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Collection<ResolvedMigration> resolveMigrations(Context context) {
            calls.incrementAndGet();
            return List.of();
        }
    }
}
