package dev.lockstep.benchmarks.scenarios;

import static dev.lockstep.LockstepSettings.MIGRATION_LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_DIRECTORY;

import dev.lockstep.Lockstep;
import dev.lockstep.MigrationReport;
import dev.lockstep.Outcome;
import dev.lockstep.benchmarks.harness.Charts;
import dev.lockstep.benchmarks.harness.Fixture;
import dev.lockstep.benchmarks.harness.MigrationSet;
import dev.lockstep.benchmarks.harness.Plan;
import dev.lockstep.benchmarks.harness.Samples;
import dev.lockstep.benchmarks.harness.Table;
import dev.lockstep.embedded.EmbeddedDatabase;
import dev.lockstep.embedded.EmbeddedPostgres;
import dev.lockstep.spi.MigrationListener;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;

/**
 * What the application's readers feel while a migration that needs an exclusive table lock waits
 * behind a long transaction. A reader loops over {@code SELECT ... WHERE id = ?}; a blocker reads the table in a
 * transaction it keeps open, then commits; meanwhile V2 ({@code ALTER TABLE accounts ADD COLUMN}) is applied.
 * With plain Flyway the ALTER queues with no lock_timeout and every read queues behind it; with Lockstep
 * ({@code migration.lock-timeout=1s}) each attempt gives up after 1 s, lets the reads through, and retries. Every
 * read is drawn in {@code point-reads.png}: latency over time, plain Flyway above Lockstep.
 */
public final class PointReads {
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(1);
    static final long TARGET_NANOS = LOCK_TIMEOUT.toNanos() + 500_000_000L;

    private record Result(long worstReadNanos, long p99ReadNanos, int reads, int slowReads, long migrationNanos,
            int retries, Charts.Series series, double blockerFrom, double blockerTo) {}

    private final Plan plan;
    private final PrintStream out;
    private final EmbeddedPostgres server;
    private final MigrationSet set;
    private final Path snapshots;

    public PointReads(Plan plan, PrintStream out, EmbeddedPostgres server, MigrationSet set, Path scratch) {
        this.plan = plan;
        this.out = out;
        this.server = server;
        this.set = set;
        this.snapshots = scratch.resolve("point-reads-snapshots"); // its default snapshot, in a directory of its own
    }

    public void run() throws Exception {
        out.println();
        out.println("## Point reads while ALTER TABLE waits behind a long transaction");
        out.println();
        out.printf(Locale.ROOT, "Blocker: a transaction that read the table stays open %d s, then commits. Target for"
                + " Lockstep (migration.lock-timeout=%d s): worst read ≤ lock-timeout + 0.5 s = %s%n%n",
                plan.blockerSeconds(), LOCK_TIMEOUT.toSeconds(), Samples.ms(TARGET_NANOS));
        Result flyway = once(false, "plain Flyway (no lock_timeout)");
        Result lockstep = once(true, "Lockstep, migration.lock-timeout=" + LOCK_TIMEOUT.toSeconds() + "s");
        Table table = new Table("migration run by", "worst read", "p99 read", "reads", "reads > 100 ms",
                "migration duration", "lock-timeout retries", "target (worst read)", "result");
        table.row("plain Flyway (no lock_timeout)", Samples.ms(flyway.worstReadNanos()),
                Samples.ms(flyway.p99ReadNanos()), flyway.reads(), flyway.slowReads(),
                Samples.ms(flyway.migrationNanos()), "-", "none (reference)", "-");
        table.row("Lockstep, migration.lock-timeout=" + LOCK_TIMEOUT.toSeconds() + "s",
                Samples.ms(lockstep.worstReadNanos()), Samples.ms(lockstep.p99ReadNanos()), lockstep.reads(),
                lockstep.slowReads(),
                Samples.ms(lockstep.migrationNanos()), lockstep.retries(), "≤ " + Samples.ms(TARGET_NANOS),
                Table.verdict(lockstep.worstReadNanos() <= TARGET_NANOS));
        table.print(out);
        Path chart = Charts.readLatency(plan.charts().resolve("point-reads.png"),
                "Point reads while ALTER TABLE waits behind a long transaction (open " + plan.blockerSeconds() + " s)",
                "every read of one reader thread; " + ZonedDateTime.now(ZoneOffset.UTC).format(
                        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")) + ", shared 2-core machine",
                flyway.series(), lockstep.series(), new Charts.Span("long transaction open (the blocker)",
                        Math.min(flyway.blockerFrom(), lockstep.blockerFrom()),
                        Math.max(flyway.blockerTo(), lockstep.blockerTo())));
        out.println();
        out.println("Chart: " + chart);
    }

    private Result once(boolean lockstep, String label) throws Exception {
        try (EmbeddedDatabase db = server.createDatabase("bench_reads")) {
            return once(db, lockstep, label);
        }
    }

    private Result once(EmbeddedDatabase db, boolean lockstep, String label) throws Exception {
        Flyway.configure().dataSource(db.dataSource()).locations(set.location()).target("1").load().migrate();
        Reader reader = new Reader(db);
        Thread readerThread = new Thread(reader, "bench-reader");
        readerThread.start();
        Fixture.sleep(500);

        CountDownLatch blocking = new CountDownLatch(1);
        long[] blockerEnd = new long[1];
        Thread blocker = new Thread(() -> blockerEnd[0] = block(db, blocking), "bench-blocker");
        long blockerStart = System.nanoTime();
        blocker.start();
        blocking.await();
        Fixture.sleep(300);

        AtomicInteger retries = new AtomicInteger();
        long start = System.nanoTime();
        if (lockstep) {
            MigrationReport report = Lockstep.configure(db.dataSource()).flyway(f -> f.locations(set.location()))
                    .set(MIGRATION_LOCK_TIMEOUT, LOCK_TIMEOUT)
                    .set(SNAPSHOT_DIRECTORY, snapshots)
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
        int n = reader.startedAt.size();
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (reader.startedAt.get(i) - start) / 1e9;
            y[i] = reader.nanos.get(i) / 1e6;
        }
        return new Result(reader.latencies.max(), reader.latencies.percentile(99), reader.latencies.size(),
                reader.slow, migration, retries.get(), new Charts.Series(label, x, y), (blockerStart - start) / 1e9,
                (blockerEnd[0] - start) / 1e9);
    }

    /** Holds a transaction that read the table open; returns when it committed ({@link System#nanoTime()}). */
    private long block(EmbeddedDatabase db, CountDownLatch blocking) {
        try (Connection connection = db.connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT count(*) FROM accounts")) {
                rows.next();
            }
            blocking.countDown();
            Fixture.sleep(plan.blockerSeconds() * 1000L);
            connection.commit();
            return System.nanoTime();
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
        private final List<Long> startedAt = new ArrayList<>();
        private final List<Long> nanos = new ArrayList<>();
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
                    long took = System.nanoTime() - start;
                    latencies.add(took);
                    startedAt.add(start);
                    nanos.add(took);
                    if (took > 100_000_000L) {
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
