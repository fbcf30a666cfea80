package dev.lockstep.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.Lockstep;
import dev.lockstep.MigrationReport;
import dev.lockstep.Outcome;
import dev.lockstep.benchmarks.MigrationSets.MigrationSet;
import dev.lockstep.embedded.EmbeddedDatabase;
import dev.lockstep.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flywaydb.core.Flyway;

/**
 * Section c: ten replicas start at once on an empty database and all must be done, one of them having applied
 * the real-world set and nine having waited and found nothing pending, against one instance alone. Each round
 * uses fresh databases. The clock starts when the instances are released together (everything is built before)
 * and stops when the last one returns.
 */
final class Concurrency {
    static final double TARGET_RATIO = 1.30;
    static final int INSTANCES = 10;

    /** When each instance finished, relative to the release, and whether it applied the migrations. */
    record Round(long allDoneNanos, long leaderDoneNanos, int leaders) {
        /** From the end of the instance that migrated to the end of the last one: the cost of coordination. */
        long tailNanos() {
            return allDoneNanos - leaderDoneNanos;
        }
    }

    private record Finish(long atNanos, boolean leader, int applied, long lockWaitMillis) {}

    private final Plan plan;
    private final PrintStream out;
    private final EmbeddedPostgres server;
    private final MigrationSet set;
    private final SeparateJvms jvms;

    Concurrency(Plan plan, PrintStream out, EmbeddedPostgres server, MigrationSet set, Path scratch) {
        this.plan = plan;
        this.out = out;
        this.server = server;
        this.set = set;
        this.jvms = new SeparateJvms(server, set, scratch, plan.verbose() ? out : null);
    }

    void run() throws Exception {
        out.println();
        out.printf(Locale.ROOT, "## c. Concurrency: %d instances at once on an empty database (%s set) vs 1 alone%n", INSTANCES,
                set.name());
        out.println();
        out.printf(Locale.ROOT, "Threads: 1 warm-up + %d measured rounds; JVMs: %d rounds, each JVM warmed up by migrating two"
                + " private schemas before the release. Fresh databases every round. Target for Lockstep:"
                + " median(10) / median(1) ≤ %.2f×%n%n", plan.concurrencyRounds(), jvmRounds(), TARGET_RATIO);
        Table table = new Table("variant", "rounds", "1 alone median", "10 at once median", "p90", "max",
                "the migrating one done (median)", "tail (median)", "ratio (medians)", "target", "result");

        List<Round> lockstepAlone = new ArrayList<>();
        List<Round> lockstepTen = new ArrayList<>();
        List<Round> flywayAlone = new ArrayList<>();
        List<Round> flywayTen = new ArrayList<>();
        for (int round = -1; round < plan.concurrencyRounds(); round++) {
            boolean keep = round >= 0;
            // Alternate which goes first so a slow spell of the machine does not fall on one side only.
            if (Math.floorMod(round, 2) == 0) {
                add(keep, lockstepAlone, threads(1, true));
                add(keep, lockstepTen, threads(INSTANCES, true));
                add(keep, flywayAlone, threads(1, false));
                add(keep, flywayTen, threads(INSTANCES, false));
            } else {
                add(keep, flywayTen, threads(INSTANCES, false));
                add(keep, flywayAlone, threads(1, false));
                add(keep, lockstepTen, threads(INSTANCES, true));
                add(keep, lockstepAlone, threads(1, true));
            }
        }
        row(table, "Lockstep, threads (own instance + own pool each)", lockstepAlone, lockstepTen, true);
        row(table, "plain Flyway, threads (for comparison)", flywayAlone, flywayTen, false);

        if (plan.jvms()) {
            List<Round> jvmAlone = new ArrayList<>();
            List<Round> jvmTen = new ArrayList<>();
            for (int round = 0; round < jvmRounds(); round++) {
                if (round % 2 == 0) {
                    jvmAlone.add(jvms.round(1));
                    jvmTen.add(jvms.round(INSTANCES));
                } else {
                    jvmTen.add(jvms.round(INSTANCES));
                    jvmAlone.add(jvms.round(1));
                }
            }
            row(table, "Lockstep, separate JVMs (warmed up, released together)", jvmAlone, jvmTen, true);
        }
        table.print(out);
        out.println();
        out.println("The migrating one: when the instance that applied the migrations returned (for plain Flyway,"
                + " the last one that applied any). Tail: from then until the last instance returned.");
    }

    private int jvmRounds() {
        // Ten JVMs per round cost tens of seconds of CPU on two cores: three rounds keep the default run near ten
        // minutes; the threads variant carries the five-round median the target is stated for.
        return plan.jvms() ? (plan.quick() ? 1 : 3) : 0;
    }

    private static void add(boolean keep, List<Round> into, Round round) {
        if (keep) {
            into.add(round);
        }
    }

    private void row(Table table, String variant, List<Round> alone, List<Round> ten, boolean target) {
        Samples one = new Samples();
        alone.forEach(r -> one.add(r.allDoneNanos()));
        Samples many = new Samples();
        ten.forEach(r -> many.add(r.allDoneNanos()));
        Samples tail = new Samples();
        ten.forEach(r -> tail.add(r.tailNanos()));
        Samples leader = new Samples();
        ten.forEach(r -> leader.add(r.leaderDoneNanos()));
        double ratio = (double) many.median() / one.median();
        table.row(variant, many.size(), Samples.ms(one.median()), Samples.ms(many.median()), Samples.ms(many.p90()),
                Samples.ms(many.max()), Samples.ms(leader.median()), Samples.ms(tail.median()), Samples.ratio(ratio),
                target ? "≤ " + Samples.ratio(TARGET_RATIO) : "none (reference)",
                target ? Table.verdict(ratio <= TARGET_RATIO) : "-");
    }

    /** One round with {@code count} instances as threads of this JVM, each with its own pool. */
    private Round threads(int count, boolean lockstep) throws Exception {
        try (EmbeddedDatabase db = server.createDatabase("bench_conc")) {
            return threads(db, count, lockstep);
        }
    }

    private Round threads(EmbeddedDatabase db, int count, boolean lockstep) throws Exception {
        List<HikariDataSource> pools = new ArrayList<>();
        ExecutorService executor = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch ready = new CountDownLatch(count);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Finish>> finishes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                HikariDataSource pool = Fixture.pool(db, "bench-conc-" + i, 3, 1);
                pools.add(pool);
                if (lockstep) {
                    Lockstep instance = Lockstep.configure(pool).flyway(f -> f.locations(set.location()))
                            .instanceName("bench-" + i).build();
                    finishes.add(executor.submit(() -> {
                        ready.countDown();
                        go.await();
                        MigrationReport report = instance.migrate();
                        long at = System.nanoTime();
                        return new Finish(at, report.outcome() == Outcome.MIGRATED, report.applied().size(),
                                report.lockWait().toMillis());
                    }));
                } else {
                    Flyway instance = Flyway.configure().dataSource(pool).locations(set.location()).load();
                    finishes.add(executor.submit(() -> {
                        ready.countDown();
                        go.await();
                        int applied = instance.migrate().migrationsExecuted;
                        long at = System.nanoTime();
                        return new Finish(at, applied > 0, applied, -1);
                    }));
                }
            }
            ready.await();
            Fixture.settle();
            long start = System.nanoTime();
            go.countDown();
            long last = start;
            long leaderAt = start;
            int leaders = 0;
            int applied = 0;
            List<Finish> all = new ArrayList<>();
            for (Future<Finish> future : finishes) {
                Finish finish = get(future);
                all.add(finish);
                last = Math.max(last, finish.atNanos());
                applied += finish.applied();
                if (finish.leader()) {
                    leaders++;
                    leaderAt = Math.max(leaderAt, finish.atNanos());
                }
            }
            Fixture.require(applied == set.count(), (lockstep ? "Lockstep" : "Flyway") + " applied " + applied
                    + " migrations in all, expected " + set.count());
            if (plan.verbose()) {
                StringBuilder line = new StringBuilder("  " + count + (lockstep ? " Lockstep" : " Flyway")
                        + " thread(s), ms after the release:");
                all.stream().sorted(java.util.Comparator.comparingLong(Finish::atNanos)).forEach(f -> line.append(
                        String.format(java.util.Locale.ROOT, " [done %d, applied %d%s]",
                                (f.atNanos() - start) / 1_000_000, f.applied(),
                                f.lockWaitMillis() >= 0 ? ", lock wait " + f.lockWaitMillis() : "")));
                out.println(line);
            }
            Fixture.require(!lockstep || leaders == 1, leaders + " Lockstep instances report MIGRATED, expected 1");
            Fixture.require(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE success") == set.count(),
                    "schema history does not hold " + set.count() + " successful rows");
            return new Round(last - start, leaderAt - start, leaders);
        } finally {
            executor.shutdownNow();
            pools.forEach(HikariDataSource::close);
        }
    }

    private static <T> T get(Future<T> future) throws Exception {
        try {
            return future.get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("an instance did not finish within 5 minutes", e);
        }
    }
}
