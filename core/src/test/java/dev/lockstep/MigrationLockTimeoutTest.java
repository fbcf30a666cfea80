package dev.lockstep;

import static dev.lockstep.LockstepSettings.MIGRATION_LOCK_RETRY_BUDGET;
import static dev.lockstep.LockstepSettings.MIGRATION_LOCK_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.spi.MigrationListener;
import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration that alters a table a long transaction is reading: with lock_timeout and retries, the ALTER never
 * queues for long, so the application's reads on that table are never stalled for much longer than
 * migration.lock-timeout, and the migration goes through once the long transaction ends.
 */
@PostgresTest
class MigrationLockTimeoutTest {
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(1);

    private final TestDatabase db;
    @TempDir
    Path dir;
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
        CountDownLatch retried = new CountDownLatch(3);
        Lockstep lockstep = lockstep(Duration.ofMinutes(2), retried);
        try (Connection blocker = openBlocker(); PointReader reader = new PointReader(db)) {
            CompletableFuture<MigrationReport> run = CompletableFuture.supplyAsync(lockstep::migrate);
            assertThat(retried.await(60, TimeUnit.SECONDS)).as("the migration retried three times").isTrue();
            blocker.commit();

            MigrationReport report = run.get(60, TimeUnit.SECONDS);
            reader.stop();

            assertThat(report.outcome()).isEqualTo(Outcome.MIGRATED);
            assertThat(report.applied()).extracting(AppliedMigration::version).containsExactly("2");
            assertThat(reader.reads()).isPositive();
            // The blocker stayed open for three attempts and their pauses (well over 3 s); the reads waited at
            // most one attempt's lock_timeout behind the queued ALTER.
            assertThat(reader.worst()).isLessThan(LOCK_TIMEOUT.plusMillis(1500));
        }
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_name = 'accounts'"
                + " AND column_name = 'note'")).isEqualTo(1);
        assertThat(CapturedLogs.lines()).anyMatch(line -> line.contains("V2 (account note) waited longer than"
                + " migration.lock-timeout=1s for a table lock and was rolled back; retrying"));
    }

    @Test
    void failsClearlyWhenTheBlockerOutlastsTheRetryBudgetAndLeavesTheSchemaUnchanged() throws Exception {
        Lockstep lockstep = lockstep(Duration.ofSeconds(3), new CountDownLatch(1));
        try (Connection blocker = openBlocker()) {
            assertThatThrownBy(lockstep::migrate)
                    .isInstanceOfSatisfying(MigrationFailedException.class, e -> {
                        CapturedLogs.record(e);
                        assertThat(e.code()).isEqualTo(ErrorCode.MIGRATION_LOCK_TIMEOUT);
                        assertThat(e.report().failure().sqlState()).isEqualTo("55P03");
                    })
                    .hasMessageContaining("Migration V2 (account note) could not get the table lock it needs")
                    .hasMessageContaining("migration.lock-timeout=1s behind another transaction")
                    .hasMessageContaining("(migration.lock-retry-budget=3s)")
                    .hasMessageContaining("the schema is as it was before V2 (account note)")
                    .hasMessageContaining("raise migration.lock-retry-budget");
            blocker.rollback();
        }
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_name = 'accounts'"
                + " AND column_name = 'note'")).isZero();
        assertThat(db.queryColumn("SELECT version FROM flyway_schema_history ORDER BY installed_rank")).containsExactly("1");
    }

    private Lockstep lockstep(Duration budget, CountDownLatch retried) {
        return migrations.lockstep(db).set(MIGRATION_LOCK_TIMEOUT, LOCK_TIMEOUT)
                .set(MIGRATION_LOCK_RETRY_BUDGET, budget)
                .listener(new MigrationListener() {
                    @Override
                    public void migrationLockRetry(String version, String description, int attempt, Duration spent) {
                        retried.countDown();
                    }
                }).build();
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
