package dev.lockstep.benchmarks;

import static dev.lockstep.LockstepSettings.MIGRATION_LOCK_TIMEOUT;

import dev.lockstep.Lockstep;
import dev.lockstep.MigrationReport;
import dev.lockstep.Outcome;
import dev.lockstep.benchmarks.MigrationSets.MigrationSet;
import dev.lockstep.embedded.EmbeddedDatabase;
import dev.lockstep.embedded.EmbeddedPostgres;
import dev.lockstep.spi.MigrationListener;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;

/**
 * Section d: what the application's readers feel while a migration that needs an exclusive table lock waits
 * behind a long transaction. A reader loops over {@code SELECT ... WHERE id = ?}; a blocker reads the table in a
 * transaction it keeps open, then commits; meanwhile V2 ({@code ALTER TABLE accounts ADD COLUMN}) is applied.
 * With plain Flyway the ALTER queues with no lock_timeout and every read queues behind it; with Lockstep
 * ({@code migration.lock-timeout=1s}) each attempt gives up after 1 s, lets the reads through, and retries.
 */
final class PointReads {
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(1);
    static final long TARGET_NANOS = LOCK_TIMEOUT.toNanos() + 500_000_000L;

    private record Result(long worstReadNanos, long p99ReadNanos, int reads, int slowReads, long migrationNanos,
            int retries) {}

    private final Plan plan;
    private final PrintStream out;
    private final EmbeddedPostgres server;
    private final MigrationSet set;

    PointReads(Plan plan, PrintStream out, EmbeddedPostgres server, MigrationSet set) {
        this.plan = plan;
        this.out = out;
        this.server = server;
        this.set = set;
    }

    void run() throws Exception {
        out.println();
        out.println("## d. Point reads while ALTER TABLE waits behind a long transaction");
        out.println();
        out.printf(Locale.ROOT, "Blocker: a transaction that read the table stays open %d s, then commits. Target for Lockstep"
                + " (migration.lock-timeout=%d s): worst read ≤ lock-timeout + 0.5 s = %s%n%n", plan.blockerSeconds(),
                LOCK_TIMEOUT.toSeconds(), Samples.ms(TARGET_NANOS));
        Result flyway = once(false);
        Result lockstep = once(true);
        Table table = new Table("migration run by", "worst read", "p99 read", "reads", "reads > 100 ms",
                "migration duration", "lock-timeout retries", "target (worst read)", "result");
        table.row("plain Flyway (no lock_timeout)", Samples.ms(flyway.worstReadNanos()),
                Samples.ms(flyway.p99ReadNanos()), flyway.reads(), flyway.slowReads(),
                Samples.ms(flyway.migrationNanos()), "-", "none (reference)", "-");
        table.row("Lockstep, migration.lock-timeout=" + LOCK_TIMEOUT.toSeconds() + "s",
                Samples.ms(lockstep.worstReadNanos()), Samples.ms(lockstep.p99ReadNanos()), lockstep.reads(), lockstep.slowReads(),
                Samples.ms(lockstep.migrationNanos()), lockstep.retries(), "≤ " + Samples.ms(TARGET_NANOS),
                Table.verdict(lockstep.worstReadNanos() <= TARGET_NANOS));
        table.print(out);
    }

    private Result once(boolean lockstep) throws Exception {
        try (EmbeddedDatabase db = server.createDatabase("bench_reads")) {
            return once(db, lockstep);
        }
    }

    private Result once(EmbeddedDatabase db, boolean lockstep) throws Exception {
        Flyway.configure().dataSource(db.dataSource()).locations(set.location()).target("1").load().migrate();
        Reader reader = new Reader(db);
        Thread readerThread = new Thread(reader, "bench-reader");
        readerThread.start();
        Fixture.sleep(500);

        CountDownLatch blocking = new CountDownLatch(1);
        Thread blocker = new Thread(() -> block(db, blocking), "bench-blocker");
        blocker.start();
        blocking.await();
        Fixture.sleep(300);

        AtomicInteger retries = new AtomicInteger();
        long start = System.nanoTime();
        if (lockstep) {
            MigrationReport report = Lockstep.configure(db.dataSource()).flyway(f -> f.locations(set.location()))
                    .set(MIGRATION_LOCK_TIMEOUT, LOCK_TIMEOUT)
                    .listener(new MigrationListener() {
                        @Override
                        public void migrationLockRetry(String version, String description, int attempt,
                                Duration spent) {
                            retries.incrementAndGet();
                        }
                    })
                    .build().migrate();
            Fixture.require(report.outcome() == Outcome.MIGRATED && report.applied().size() == 1,
                    "Lockstep did not apply V2: " + report.summary());
        } else {
            int applied = Flyway.configure().dataSource(db.dataSource()).locations(set.location()).load().migrate()
                    .migrationsExecuted;
            Fixture.require(applied == 1, "Flyway applied " + applied + " migrations, expected V2 only");
        }
        long migration = System.nanoTime() - start;
        blocker.join();
        Fixture.sleep(300);
        reader.stop();
        readerThread.join();
        if (reader.failure != null) {
            throw new IllegalStateException("the reader failed", reader.failure);
        }
        Fixture.require(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_name = 'accounts'"
                + " AND column_name = 'note'") == 1, "V2 did not add accounts.note");
        return new Result(reader.latencies.max(), reader.latencies.percentile(99), reader.latencies.size(),
                reader.slow, migration, retries.get());
    }

    private void block(EmbeddedDatabase db, CountDownLatch blocking) {
        try (Connection connection = db.connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT count(*) FROM accounts")) {
                rows.next();
            }
            blocking.countDown();
            Fixture.sleep(plan.blockerSeconds() * 1000L);
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("the blocking transaction failed", e);
        } finally {
            blocking.countDown(); // never leave the main thread waiting for a blocker that failed to start
        }
    }

    /** Point reads in a loop on a connection of its own, autocommit, as an application request would do. */
    private static final class Reader implements Runnable {
        private final EmbeddedDatabase db;
        private final Samples latencies = new Samples();
        private volatile boolean running = true;
        private volatile Throwable failure;
        private int slow;

        Reader(EmbeddedDatabase db) {
            this.db = db;
        }

        void stop() {
            running = false;
        }

        @Override
        public void run() {
            try (Connection connection = db.connect();
                    PreparedStatement read = connection.prepareStatement(
                            "SELECT owner, balance_cents FROM accounts WHERE id = ?")) {
                while (running) {
                    read.setLong(1, ThreadLocalRandom.current().nextLong(1, 10_001));
                    long start = System.nanoTime();
                    try (ResultSet row = read.executeQuery()) {
                        row.next();
                        row.getString(1);
                    }
                    long nanos = System.nanoTime() - start;
                    latencies.add(nanos);
                    if (nanos > 100_000_000L) {
                        slow++;
                    }
                    Thread.sleep(2);
                }
            } catch (Throwable e) {
                failure = e;
            }
        }
    }
}
