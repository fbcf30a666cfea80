package dev.lockstep.benchmarks.scenarios;

import com.zaxxer.hikari.HikariDataSource;
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
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flywaydb.core.Flyway;

/**
 * Ten replicas start at once on an empty database and all must be done: with Lockstep one applies the set and nine
 * wait and find nothing pending; with plain Flyway all ten take turns under Flyway's lock. Each against one instance
 * alone, fresh databases every round, Lockstep and Flyway taking turns. Three ways to start them: threads of this
 * JVM (each with its own pool and tool), separate JVMs warmed up and released together, and separate cold JVMs
 * launched together as a new user's deploy would start them ({@link Replicas}). Draws {@code replicas-ready.png}:
 * when each of the ten became ready in the median cold round (warm or threads when there is none).
 */
public final class TenReplicas {
    static final int INSTANCES = 10;
    static final double TARGET_VERSUS_FLYWAY = 0.60;
    static final long TARGET_TAIL_NANOS = 100_000_000L;
    /**
     * Flyway's lockRetryCount for plain Flyway's replicas: its default, 50 tries about a second apart, ran out for a
     * cold replica on the loaded 2-core machine ("Number of retries exceeded while attempting to acquire PostgreSQL
     * advisory lock"); 600 gives it the ten minutes Lockstep's lock.timeout gives a waiter.
     */
    static final int FLYWAY_LOCK_RETRIES = 600;

    /** How the replicas start. */
    enum Start {
        THREADS("threads", "threads of one JVM, released together"),
        WARM_JVMS("warm", "separate JVMs, warmed up, released together"),
        COLD_JVMS("cold", "separate cold JVMs, launched together");

        final String id;
        final String label;

        Start(String id, String label) {
            this.id = id;
            this.label = label;
        }
    }

    /**
     * One round: when each instance was done (nanoseconds after the common start, sorted) and when the one that
     * migrated was (for Flyway, the last one that applied any).
     */
    record Round(long[] done, long leaderDone) {
        long allDone() {
            return done[done.length - 1];
        }

        long tail() {
            return allDone() - leaderDone;
        }
    }

    private final Plan plan;
    private final PrintStream out;
    private final EmbeddedPostgres server;
    private final MigrationSet set;
    private final Replicas replicas;

    /**
     * {@code warmup}: what warm JVMs apply into a private schema before the release; a set that names no schema of its
     * own (the real-world ×317 set creates its schemas by name, so it could not be applied twice in one database).
     */
    public TenReplicas(Plan plan, PrintStream out, EmbeddedPostgres server, MigrationSet set, MigrationSet warmup,
            Path scratch) {
        this.plan = plan;
        this.out = out;
        this.server = server;
        this.set = set;
        this.replicas = new Replicas(server, set, warmup, scratch, plan.verbose() ? out : null);
    }

    public void run() throws Exception {
        out.println();
        out.printf(Locale.ROOT, "## Ten replicas at once on an empty database (%s) vs one alone%n%n", set.name());
        out.printf(Locale.ROOT, "Threads: 1 warm-up + %d measured rounds; JVMs: %d rounds each way. Fresh databases"
                + " every round, Lockstep and plain Flyway taking turns. Targets for Lockstep: 10 at once ≤ %.2f× plain"
                + " Flyway's 10 at once, and a tail (the migrating one done to the last one done) ≤ %s%n%n",
                plan.rounds(), plan.jvmRounds(), TARGET_VERSUS_FLYWAY, Samples.ms(TARGET_TAIL_NANOS));
        Table table = new Table("started as", "tool", "rounds", "1 alone", "10 at once", "max",
                "the migrating one done", "tail", "10 vs 1", "vs plain Flyway (10 at once)", "result");
        Round chartLockstep = null;
        Round chartFlyway = null;
        Start charted = null;
        for (Start start : Start.values()) {
            if (!plan.starts().contains(start.id)) {
                continue;
            }
            int rounds = start == Start.THREADS ? plan.rounds() : plan.jvmRounds();
            int warmup = start == Start.THREADS ? 1 : 0;
            List<Round> lockstepAlone = new ArrayList<>();
            List<Round> lockstepTen = new ArrayList<>();
            List<Round> flywayAlone = new ArrayList<>();
            List<Round> flywayTen = new ArrayList<>();
            for (int round = -warmup; round < rounds; round++) {
                boolean keep = round >= 0;
                // Alternate which goes first, so that a slow spell of the machine does not fall on one side only.
                for (int turn = 0; turn < 4; turn++) {
                    switch (Fixture.rotate(round, turn, 4)) {
                        case 0 -> add(keep, lockstepAlone, round(start, true, 1));
                        case 1 -> add(keep, flywayTen, round(start, false, INSTANCES));
                        case 2 -> add(keep, flywayAlone, round(start, false, 1));
                        default -> add(keep, lockstepTen, round(start, true, INSTANCES));
                    }
                }
            }
            Samples lockstep = allDone(lockstepTen);
            Samples flyway = allDone(flywayTen);
            double versus = (double) lockstep.median() / flyway.median();
            long tail = tails(lockstepTen).median();
            row(table, start, "Lockstep", lockstepAlone, lockstepTen, Samples.ratio(versus),
                    Table.verdict(versus <= TARGET_VERSUS_FLYWAY) + " (vs Flyway), "
                            + Table.verdict(tail <= TARGET_TAIL_NANOS) + " (tail)");
            row(table, start, "plain Flyway", flywayAlone, flywayTen, "1.00×", "-");
            chartLockstep = median(lockstepTen);
            chartFlyway = median(flywayTen);
            charted = start;
        }
        table.print(out);
        out.println();
        out.println("Times run from the common start (the release, or for cold JVMs the launch of the first) to the"
                + " last instance done; medians. The migrating one: when the instance that applied the migrations"
                + " returned (for plain Flyway, the last one that applied any). Tail: from then to the last one.");
        Path chart = Charts.readiness(plan.charts().resolve("replicas-ready.png"),
                "Ten replicas starting at once on an empty database (" + set.name() + ")",
                charted.label + ", the median round of each; " + ZonedDateTime.now(ZoneOffset.UTC).format(
                        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")) + ", shared 2-core machine",
                List.of(readiness("plain Flyway", chartFlyway), readiness("Lockstep", chartLockstep)));
        out.println();
        out.println("Chart: " + chart);
    }

    private Round round(Start start, boolean lockstep, int count) throws Exception {
        return switch (start) {
            case THREADS -> threads(count, lockstep);
            case WARM_JVMS -> replicas.round(lockstep, true, count);
            case COLD_JVMS -> replicas.round(lockstep, false, count);
        };
    }

    private static void add(boolean keep, List<Round> into, Round round) {
        if (keep) {
            into.add(round);
        }
    }

    private static Samples allDone(List<Round> rounds) {
        Samples samples = new Samples();
        rounds.forEach(r -> samples.add(r.allDone()));
        return samples;
    }

    private static Samples tails(List<Round> rounds) {
        Samples samples = new Samples();
        rounds.forEach(r -> samples.add(r.tail()));
        return samples;
    }

    private static Round median(List<Round> rounds) {
        List<Round> sorted = rounds.stream().sorted(Comparator.comparingLong(Round::allDone)).toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static Charts.Series readiness(String name, Round round) {
        double[] x = new double[round.done().length + 1];
        double[] y = new double[x.length];
        for (int i = 0; i < round.done().length; i++) {
            x[i + 1] = round.done()[i] / 1e9;
            y[i + 1] = i + 1;
        }
        return new Charts.Series(name, x, y);
    }

    private static void row(Table table, Start start, String tool, List<Round> alone, List<Round> ten, String versus,
            String result) {
        Samples many = allDone(ten);
        Samples leader = new Samples();
        ten.forEach(r -> leader.add(r.leaderDone()));
        long one = allDone(alone).median();
        table.row(start.label, tool, many.size(), Samples.ms(one), Samples.ms(many.median()), Samples.ms(many.max()),
                Samples.ms(leader.median()), Samples.ms(tails(ten).median()),
                Samples.ratio((double) many.median() / one), versus, result);
    }

    /** One round with {@code count} instances as threads of this JVM, each with its own pool. */
    private Round threads(int count, boolean lockstep) throws Exception {
        try (EmbeddedDatabase db = server.createDatabase("bench_conc")) {
            return threads(db, count, lockstep);
        }
    }

    private record Finish(long atNanos, boolean leader, int applied) {}

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
                            .instanceName("bench-" + i).properties(Map.of("snapshot.enabled", "false")).build();
                    finishes.add(executor.submit(() -> {
                        ready.countDown();
                        go.await();
                        MigrationReport report = instance.migrate();
                        return new Finish(System.nanoTime(), report.outcome() == Outcome.MIGRATED,
                                report.applied().size());
                    }));
                } else {
                    Flyway instance = Flyway.configure().dataSource(pool).locations(set.location())
                            .lockRetryCount(FLYWAY_LOCK_RETRIES).load();
                    finishes.add(executor.submit(() -> {
                        ready.countDown();
                        go.await();
                        int applied = instance.migrate().migrationsExecuted;
                        return new Finish(System.nanoTime(), applied > 0, applied);
                    }));
                }
            }
            ready.await();
            Fixture.settle();
            long start = System.nanoTime();
            go.countDown();
            List<Finish> all = new ArrayList<>();
            for (Future<Finish> future : finishes) {
                all.add(get(future));
            }
            long[] done = all.stream().mapToLong(f -> f.atNanos() - start).sorted().toArray();
            long leaderDone = all.stream().filter(Finish::leader).mapToLong(f -> f.atNanos() - start).max().orElse(0);
            int leaders = (int) all.stream().filter(Finish::leader).count();
            int applied = all.stream().mapToInt(Finish::applied).sum();
            String tool = lockstep ? "Lockstep" : "Flyway";
            Fixture.require(applied == set.count(), tool + " applied " + applied + " migrations in all, expected "
                    + set.count());
            Fixture.require(!lockstep || leaders == 1, leaders + " Lockstep instances report MIGRATED, expected 1");
            Fixture.require(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE success") == set.count(),
                    "schema history does not hold " + set.count() + " successful rows");
            if (plan.verbose()) {
                StringBuilder line = new StringBuilder("  " + count + " " + tool + " thread(s), ms after the release:");
                for (long at : done) {
                    line.append(' ').append(at / 1_000_000);
                }
                out.println(line);
            }
            return new Round(done, leaderDone);
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
