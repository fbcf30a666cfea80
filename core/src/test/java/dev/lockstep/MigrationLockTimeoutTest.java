package dev.lockstep;

import static dev.lockstep.LockstepSettings.MIGRATION_LOCK_RETRY_BUDGET;
import static dev.lockstep.LockstepSettings.MIGRATION_LOCK_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.spi.MigrationListener;
import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import dev.lockstep.testsupport.TestLogs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration that alters a table a long transaction is reading: with lock_timeout and retries, the ALTER never
 * queues for long, so the application's reads on that table are stalled for one migration.lock-timeout at most, not
 * for as long as the long transaction lasts, and the migration goes through once it ends. Between attempts the run
 * pauses; it gives up when migration.lock-retry-budget is spent, and never retries a migration outside a transaction.
 */
@PostgresTest
class MigrationLockTimeoutTest {
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(1);

    private final TestDatabase db;
    @TempDir
    Path dir;
    @RegisterExtension
    final TestLogs logs = new TestLogs();
    private Migrations migrations;

    MigrationLockTimeoutTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void accountsTable() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        migrations = Migrations.in(dir).add("V1__accounts.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY, balance bigint);"
                + " INSERT INTO accounts SELECT g, g * 10 FROM generate_series(1, 1000) g;");
        migrations.lockstep(db).build().migrate();
        migrations.add("V2__account_note.sql", "ALTER TABLE accounts ADD COLUMN note text;");
    }

    @Test
    void readsStayFastWhileTheMigrationRetriesAndItSucceedsAfterTheBlockerEnds() throws Exception {
        Retries retries = new Retries(4);
        Lockstep lockstep = lockstep(Duration.ofMinutes(2), retries);
        long blockerOpened = System.nanoTime();
        Duration blockerHeld;
        PointReader reader;
        MigrationReport report;
        try (Connection blocker = openBlocker(); PointReader reads = new PointReader(db)) {
            reader = reads;
            CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(lockstep::migrate);
            assertThat(retries.awaited(60)).as("the migration was retried four times").isTrue();
            blocker.commit();
            blockerHeld = Duration.ofNanos(System.nanoTime() - blockerOpened);

            report = run.get(60, TimeUnit.SECONDS);
            reads.stop();
        }

        assertThat(report.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(report.applied()).extracting(AppliedMigration::version).containsExactly("2");
        assertThat(reader.reads()).isPositive();
        // The blocker stayed open for four attempts and their pauses; a read waited behind the queued ALTER for one
        // attempt's lock_timeout at most, never for as long as the blocker lasted (as it would without lock_timeout).
        assertThat(blockerHeld).isGreaterThan(LOCK_TIMEOUT.multipliedBy(4));
        assertThat(reader.worst()).isLessThan(blockerHeld.dividedBy(2));
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_name = 'accounts'"
                + " AND column_name = 'note'")).isEqualTo(1);
    }

    /**
     * Each retry comes after a pause of half to one and a half times half the lock timeout, announced in the log; the
     * next attempt then waits its lock_timeout again. So consecutive retries are at least that far apart.
     */
    @Test
    void pausesBetweenAttemptsAsAnnounced() throws Exception {
        Retries retries = new Retries(3);
        Lockstep lockstep = lockstep(Duration.ofMinutes(2), retries);
        try (Connection blocker = openBlocker()) {
            CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(lockstep::migrate);
            assertThat(retries.awaited(60)).as("the migration was retried three times").isTrue();
            blocker.commit();
            assertThat(run.get(60, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.MIGRATED);
        }

        List<Long> pauses = announcedPauses();
        assertThat(pauses).hasSizeGreaterThanOrEqualTo(3).allSatisfy(pause -> assertThat(pause).isBetween(250L, 750L));
        assertThat(retries.attempts()).startsWith(1, 2, 3);
        for (int i = 0; i + 1 < 3; i++) {
            Duration apart = Duration.ofNanos(retries.at(i + 1) - retries.at(i));
            assertThat(apart).as("between retries %d and %d", i + 1, i + 2)
                    .isGreaterThanOrEqualTo(LOCK_TIMEOUT.plusMillis(pauses.get(i)));
        }
        assertThat(logs.lines()).anyMatch(line -> line.contains("V2 (account note) waited longer than"
                + " migration.lock-timeout=1s for a table lock and was rolled back; retrying in " + pauses.get(0)
                + " ms (attempt 2, "));
    }

    @Test
    void failsClearlyWhenTheBlockerOutlastsTheRetryBudgetAndLeavesTheSchemaUnchanged() throws Exception {
        Retries retries = new Retries(1);
        Lockstep lockstep = lockstep(Duration.ofSeconds(3), retries);
        try (Connection blocker = openBlocker()) {
            assertThatThrownBy(lockstep::migrate)
                    .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                        CapturedLogs.record(e);
                        assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_LOCK_TIMEOUT);
                        assertThat(e.report().failure().sqlState()).isEqualTo("55P03");
                        assertThat(e.report().failure().leftChanges()).isFalse();
                        // Every attempt but the last was reported as a retry, numbered from 1.
                        int attempts = retries.attempts().size() + 1;
                        assertThat(retries.attempts()).containsExactlyElementsOf(
                                IntStream.range(1, attempts).boxed().toList());
                        assertThat(e).hasMessageContaining("each of " + attempts + " attempts waited");
                    })
                    .hasMessageContaining("Migration V2 (account note) could not get the table lock it needs")
                    .hasMessageContaining("migration.lock-timeout=1s behind another transaction")
                    .hasMessageContaining("(migration.lock-retry-budget=3s)")
                    .hasMessageContaining("the schema is as it was before V2 (account note)")
                    .hasMessageContaining("raise migration.lock-retry-budget");
            blocker.rollback();
        }
        // The budget counts from the first lock timeout, so that one is always retried.
        assertThat(retries.attempts()).isNotEmpty();
        assertThat(retries.spent()).isSorted().allSatisfy(spent -> assertThat(spent).isLessThan(Duration.ofSeconds(3)));
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_name = 'accounts'"
                + " AND column_name = 'note'")).isZero();
        assertThat(db.queryColumn("SELECT version FROM flyway_schema_history ORDER BY installed_rank")).containsExactly("1");
    }

    /** migration.lock-retry-budget=0s means no retry: the first lock timeout ends the run. */
    @Test
    void aZeroBudgetFailsAtTheFirstLockTimeout() throws Exception {
        Retries retries = new Retries(1);
        Lockstep lockstep = lockstep(Duration.ZERO, retries);
        try (Connection blocker = openBlocker()) {
            assertThatThrownBy(lockstep::migrate)
                    .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                        CapturedLogs.record(e);
                        assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_LOCK_TIMEOUT);
                    })
                    .hasMessageContaining("Migration V2 (account note) could not get the table lock it needs: each of 1"
                            + " attempts waited migration.lock-timeout=1s behind another transaction, for 0 s in all"
                            + " (migration.lock-retry-budget=0s).");
            blocker.rollback();
        }
        assertThat(retries.attempts()).isEmpty();
        assertThat(logs.containing("retrying in")).isEmpty();
    }

    /**
     * A migration outside a transaction cannot be rolled back, so a lock timeout there is not retried: what it did so
     * far stays, and Flyway recorded it as failed.
     */
    @Test
    void aMigrationOutsideATransactionIsNotRetried() throws Exception {
        migrations.add("V2__account_note.sql.conf", "executeInTransaction=false\n");
        Retries retries = new Retries(1);
        Lockstep lockstep = lockstep(Duration.ofSeconds(10), retries);
        try (Connection blocker = openBlocker()) {
            assertThatThrownBy(lockstep::migrate)
                    .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                        CapturedLogs.record(e);
                        assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_FAILED);
                        assertThat(e.report().failure().sqlState()).isEqualTo("55P03");
                        assertThat(e.report().failure().leftChanges()).isTrue();
                    })
                    .hasMessageContaining("Migration V2 (account note) failed:")
                    .hasMessageContaining("(SQLSTATE 55P03)")
                    .hasMessageContaining("It ran outside a transaction, so its partial changes stay");
            blocker.rollback();
        }
        assertThat(retries.attempts()).isEmpty();
        assertThat(logs.containing("retrying in")).isEmpty();
        assertThat(db.queryString("SELECT success::text FROM flyway_schema_history WHERE version = '2'")).isEqualTo("false");
    }

    private Lockstep lockstep(Duration budget, Retries retries) {
        return migrations.lockstep(db).set(MIGRATION_LOCK_TIMEOUT, LOCK_TIMEOUT)
                .set(MIGRATION_LOCK_RETRY_BUDGET, budget)
                .listener(retries).build();
    }

    /** The pauses the retries announced in the log ("retrying in 512 ms"), in order. */
    private List<Long> announcedPauses() {
        Pattern retrying = Pattern.compile("retrying in (\\d+) ms \\(attempt (\\d+),");
        List<Long> pauses = new ArrayList<>();
        for (String line : logs.lines()) {
            Matcher matcher = retrying.matcher(line);
            if (matcher.find()) {
                pauses.add(Long.parseLong(matcher.group(1)));
            }
        }
        return pauses;
    }

    /** Hears the retries: their attempt numbers, time spent, and when each was reported. */
    private static final class Retries implements MigrationListener {
        private final CountDownLatch awaited;
        private final List<Integer> attempts = new CopyOnWriteArrayList<>();
        private final List<Duration> spent = new CopyOnWriteArrayList<>();
        private final List<Long> at = new CopyOnWriteArrayList<>();

        Retries(int awaited) {
            this.awaited = new CountDownLatch(awaited);
        }

        @Override
        public void migrationLockRetry(String version, String description, int attempt, Duration spentSoFar) {
            at.add(System.nanoTime());
            attempts.add(attempt);
            spent.add(spentSoFar);
            awaited.countDown();
        }

        boolean awaited(int seconds) throws InterruptedException {
            return awaited.await(seconds, TimeUnit.SECONDS);
        }

        List<Integer> attempts() {
            return attempts;
        }

        List<Duration> spent() {
            return spent;
        }

        long at(int index) {
            return at.get(index);
        }
    }

    /** A transaction that has read the table and stays open: it holds ACCESS SHARE until it ends. */
    private Connection openBlocker() throws SQLException {
        Connection blocker = db.connect();
        blocker.setAutoCommit(false);
        try (ResultSet row = blocker.createStatement().executeQuery("SELECT sum(balance) FROM accounts")) {
            row.next();
        }
        return blocker;
    }

    /** Reads one row at a time in a loop on its own connection and keeps the slowest read's duration. */
    private static final class PointReader implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong worstNanos = new AtomicLong();
        private final AtomicLong reads = new AtomicLong();
        private final CompletableFuture<Void> loop;

        PointReader(TestDatabase db) throws SQLException {
            Connection connection = db.connect();
            loop = CompletableFuture.runAsync(() -> {
                try (connection; PreparedStatement read = connection.prepareStatement("SELECT balance FROM accounts WHERE id = ?")) {
                    long id = 0;
                    while (running.get()) {
                        read.setLong(1, id++ % 1000 + 1);
                        long start = System.nanoTime();
                        try (ResultSet row = read.executeQuery()) {
                            row.next();
                        }
                        worstNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                        reads.incrementAndGet();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException("point read failed", e);
                }
            });
        }

        void stop() throws Exception {
            running.set(false);
            loop.get(30, TimeUnit.SECONDS);
        }

        Duration worst() {
            return Duration.ofNanos(worstNanos.get());
        }

        long reads() {
            return reads.get();
        }

        @Override
        public void close() {
            running.set(false);
        }
    }
}
