package dev.lockstep;

import static dev.lockstep.LockstepSettings.LOCK_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.spi.MigrationListener;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@PostgresTest
class ConcurrencyTest {
    private static final int INSTANCES = 10;
    private static final int ROUNDS = 3;

    private final TestDatabase db;
    @TempDir
    Path dir;

    ConcurrencyTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void tenInstancesStartingTogetherApplyEachMigrationExactlyOnce() throws Exception {
        Migrations migrations = Migrations.standard(dir)
                .add("V4__slow_backfill.sql", "SELECT pg_sleep(0.3); ALTER TABLE customers ADD COLUMN email text;")
                .add("V5__invoices.sql", "CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));");
        ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
                CyclicBarrier together = new CyclicBarrier(INSTANCES);
                List<Future<MigrationReport>> runs = new ArrayList<>();
                for (int i = 0; i < INSTANCES; i++) {
                    // Each instance gets its own Lockstep and its own (non-pooling) DataSource, as replicas would.
                    Lockstep lockstep = migrations.lockstep(db).instanceName("replica-" + i).build();
                    runs.add(pool.submit(() -> {
                        together.await(30, TimeUnit.SECONDS);
                        return lockstep.migrate();
                    }));
                }
                List<MigrationReport> reports = new ArrayList<>();
                for (Future<MigrationReport> run : runs) {
                    reports.add(run.get(120, TimeUnit.SECONDS));
                }

                assertThat(reports).as("round %d", round).allSatisfy(r -> assertThat(r.state()).isEqualTo(SchemaState.UP_TO_DATE));
                assertThat(reports.stream().filter(r -> r.outcome() == Outcome.MIGRATED)).as("round %d", round).hasSize(1);
                assertThat(reports.stream().mapToInt(r -> r.applied().size()).sum()).as("round %d", round).isEqualTo(5);
                assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history")).isEqualTo(5);
                assertThat(db.queryLong("SELECT count(DISTINCT version) FROM flyway_schema_history WHERE success")).isEqualTo(5);
                assertThat(db.queryLong("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * CREATE INDEX CONCURRENTLY waits for every transaction that could see the table; a waiter holding a
     * transaction-level or blocking advisory lock would deadlock with it. Lockstep's waiter polls outside any
     * transaction, and Flyway's own lock is session-level, so both finish.
     */
    @Test
    void createIndexConcurrentlyWhileAnotherInstanceWaitsFinishesForBoth() throws Exception {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        Migrations migrations = Migrations.in(dir)
                .add("V1__events.sql", "CREATE TABLE events (id bigint PRIMARY KEY, kind text);"
                        + " INSERT INTO events SELECT g, 'k' || (g % 10) FROM generate_series(1, 20000) g;")
                .add("V2__events_by_kind.sql", "CREATE INDEX CONCURRENTLY events_by_kind ON events (kind);")
                .add("V2__events_by_kind.sql.conf", "executeInTransaction=false\n");
        CountDownLatch secondWaits = new CountDownLatch(1);
        AtomicLong secondWaitingSince = new AtomicLong();
        AtomicLong indexBuilt = new AtomicLong();
        Lockstep second = migrations.lockstep(db).instanceName("second").listener(new MigrationListener() {
            @Override
            public void lockWaiting(LockHolder holder) {
                secondWaitingSince.compareAndSet(0, System.nanoTime());
                secondWaits.countDown();
            }
        }).build();
        CompletableFuture<MigrationReport> secondRun = new CompletableFuture<>();
        Lockstep first = migrations.lockstep(db).instanceName("first").listener(new MigrationListener() {
            @Override
            public void migrationStarting(String version, String description) {
                if ("2".equals(version)) {
                    // Start the second instance now, and let the index build begin only once it is waiting.
                    CompletableFuture.supplyAsync(second::migrate).whenComplete((r, e) -> {
                        if (e != null) {
                            secondRun.completeExceptionally(e);
                        } else {
                            secondRun.complete(r);
                        }
                    });
                    await(secondWaits);
                }
            }

            @Override
            public void migrationApplied(AppliedMigration migration) {
                if ("2".equals(migration.version())) {
                    indexBuilt.set(System.nanoTime());
                }
            }
        }).build();

        MigrationReport firstReport = CompletableFuture.supplyAsync(first::migrate).get(60, TimeUnit.SECONDS);
        MigrationReport secondReport = secondRun.get(60, TimeUnit.SECONDS);

        assertThat(firstReport.applied()).extracting(AppliedMigration::version).containsExactly("1", "2");
        assertThat(secondReport.outcome()).isEqualTo(Outcome.UP_TO_DATE);
        Duration secondWaitedAtLeast = Duration.ofNanos(indexBuilt.get() - secondWaitingSince.get());
        assertThat(secondWaitedAtLeast).as("from the second's first report of waiting until the index was built")
                .isPositive();
        assertThat(secondReport.lockWait()).isGreaterThanOrEqualTo(secondWaitedAtLeast);
        assertThat(db.queryString("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'events_by_kind'::regclass"))
                .isEqualTo("true");
    }

    @Test
    void flywayAloneInTransactionalLockModeIsWhatLockstepChangesHere() {
        FluentConfiguration plain = org.flywaydb.core.Flyway.configure().dataSource(db.dataSource());
        assertThat(dev.lockstep.internal.flyway.FlywaySupport.usesSessionLock(plain)).isFalse();
        Lockstep lockstep = Lockstep.configure(db.dataSource()).build();
        assertThat(dev.lockstep.internal.flyway.FlywaySupport.usesSessionLock(lockstep.flyway().getConfiguration())).isTrue();
        assertThat(lockstep.settings().get(LOCK_TIMEOUT)).isEqualTo(Duration.ofMinutes(10));
    }

    /** Waits in a listener; its exception fails the test (ListenerExceptions), though the run goes on. */
    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the second instance never started waiting for the lock");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
