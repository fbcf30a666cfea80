package dev.lockstep.benchmarks.scenarios;

import dev.lockstep.benchmarks.harness.Fixture;
import dev.lockstep.benchmarks.harness.Plan;
import dev.lockstep.benchmarks.harness.Samples;
import dev.lockstep.benchmarks.harness.Table;
import dev.lockstep.embedded.EmbeddedDatabase;
import dev.lockstep.embedded.EmbeddedPostgres;
import dev.lockstep.internal.lock.AdvisoryLock;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

/**
 * What Lockstep adds around each migration, measured alone: an empty transaction on the migration connection (the
 * floor), the same with the work Lockstep did before (a pg_locks check on the lock connection, SET lock_timeout and
 * statement_timeout, and after the migration two RESETs), and with what it does now (one statement inside the
 * transaction: the pg_locks check for the lock's backend and, if it holds, both timeouts local to the transaction).
 * The statements are the ones the core sends; the lock is a real one on a second connection.
 */
public final class FencingCost {
    private final PrintStream out;
    private final EmbeddedPostgres server;
    private final int rounds;
    private final int perRound;

    public FencingCost(Plan plan, PrintStream out, EmbeddedPostgres server) {
        this.out = out;
        this.server = server;
        this.rounds = plan.quick() ? 5 : 20;
        this.perRound = plan.quick() ? 200 : 500;
    }

    private interface Work {
        void around(Connection migration) throws SQLException;
    }

    public void run() throws SQLException {
        try (EmbeddedDatabase db = server.createDatabase("bench_fencing");
                Connection lockConnection = db.connect(); Connection migration = db.connect()) {
            AdvisoryLock lock = new AdvisoryLock(lockConnection, 42, "");
            Fixture.require(lock.acquire(Duration.ofSeconds(5), holder -> { }).acquired(), "the lock was taken");
            lock.verifyHeld();
            String fence = "SELECT held, CASE WHEN held THEN set_config('lock_timeout', '5000', true) END,"
                    + " CASE WHEN held THEN set_config('statement_timeout', '0', true) END FROM (SELECT "
                    + lock.fence() + " AS held) AS fence";
            Work floor = connection -> { };
            Work before = connection -> {
                lock.verifyHeld();
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET lock_timeout = 5000");
                    statement.execute("SET statement_timeout = 0");
                    statement.execute("RESET lock_timeout");
                    statement.execute("RESET statement_timeout");
                }
            };
            Work now = connection -> {
                try (PreparedStatement statement = connection.prepareStatement(fence);
                        ResultSet row = statement.executeQuery()) {
                    row.next();
                    Fixture.require(row.getBoolean(1), "the fence sees the lock held");
                }
            };
            Samples[] samples = {new Samples(), new Samples(), new Samples()};
            Work[] works = {floor, before, now};
            migration.setAutoCommit(false);
            for (int round = -2; round < rounds; round++) {
                for (int turn = 0; turn < works.length; turn++) {
                    int which = Fixture.rotate(round, turn, works.length);
                    long started = System.nanoTime();
                    for (int i = 0; i < perRound; i++) {
                        works[which].around(migration);
                        try (Statement statement = migration.createStatement()) {
                            statement.execute("SELECT 1"); // the migration itself, as small as one can be
                        }
                        migration.commit();
                    }
                    if (round >= 0) {
                        samples[which].add((System.nanoTime() - started) / perRound);
                    }
                }
            }
            long base = samples[0].median();
            out.printf(Locale.ROOT, "%n## Fencing: what Lockstep adds around each migration%n%n%d rounds of %d"
                    + " transactions each, taking turns; medians of the rounds' mean time per transaction%n%n", rounds,
                    perRound);
            new Table("around each migration", "per migration", "added")
                    .row("nothing (a transaction with SELECT 1: the floor)", Samples.ms(base), "-")
                    .row("before: check on the lock connection, 2 SET, 2 RESET", Samples.ms(samples[1].median()),
                            Samples.ms(samples[1].median() - base))
                    .row("now: one statement, check and local timeouts", Samples.ms(samples[2].median()),
                            Samples.ms(samples[2].median() - base))
                    .print(out);
            lock.release();
        }
    }
}
