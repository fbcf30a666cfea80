package dev.lockstep.benchmarks.scenarios;

import dev.lockstep.benchmarks.harness.Fixture;
import dev.lockstep.benchmarks.harness.MigrationSet;
import dev.lockstep.benchmarks.harness.ReplicaClassPath;
import dev.lockstep.embedded.EmbeddedDatabase;
import dev.lockstep.embedded.EmbeddedPostgres;
import dev.lockstep.embedded.process.JavaProcess;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Rounds of the replicas section with every replica in a JVM of its own ({@link BenchmarkReplica}), started by
 * {@link JavaProcess} with this program's class path. Warm replicas are released together once all are ready, and
 * the time runs from the earliest release; cold ones run at once, and the time runs from just before the first is
 * launched. Both by the wall clock the JVMs share. Their output goes below the benchmark's temporary directory.
 */
final class Replicas {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(10); // ten warm-ups on two busy cores
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    private final EmbeddedPostgres server;
    private final MigrationSet set;
    private final MigrationSet warmup;
    private final Path scratch;
    private final @Nullable PrintStream verbose;
    private @Nullable String classPath;

    Replicas(EmbeddedPostgres server, MigrationSet set, MigrationSet warmup, Path scratch,
            @Nullable PrintStream verbose) {
        this.server = server;
        this.set = set;
        this.warmup = warmup;
        this.scratch = scratch;
        this.verbose = verbose;
    }

    /** The RESULT line of one replica, in microseconds of the wall clock (0 where it does not apply). */
    private record Result(long main, long go, long built, long lock, long first, long done, String outcome,
            int applied, long lockWaitMillis, long cpuMillis) {
        static Result parse(String line) {
            String[] w = line.split(" ");
            return new Result(Long.parseLong(w[1]), Long.parseLong(w[2]), Long.parseLong(w[3]), Long.parseLong(w[4]),
                    Long.parseLong(w[5]), Long.parseLong(w[6]), w[7], Integer.parseInt(w[8]), Long.parseLong(w[9]),
                    Long.parseLong(w[10]));
        }
    }

    TenReplicas.Round round(boolean lockstep, boolean warm, int count) {
        if (classPath == null) {
            classPath = ReplicaClassPath.of(BenchmarkReplica.class, scratch.resolve("classpath"));
        }
        try (EmbeddedDatabase db = server.createDatabase("bench_jvms")) {
            List<JavaProcess> jvms = new ArrayList<>();
            try {
                long launch = BenchmarkReplica.micros();
                for (int i = 0; i < count; i++) {
                    jvms.add(JavaProcess.builder(BenchmarkReplica.class).name("replica-" + i).classPath(classPath)
                            .logDirectory(scratch.resolve("replica-logs"))
                            .env("LOCKSTEP_BENCH_PASSWORD", db.password())
                            .args(lockstep ? "lockstep" : "flyway", warm ? "warm" : "cold", db.jdbcUrl(), db.user(),
                                    set.location(), warmup.location(), "replica-" + i)
                            .start());
                }
                if (warm) {
                    JavaProcess.startTogether(jvms, READY_TIMEOUT);
                }
                return collect(jvms, lockstep, warm ? -1 : launch);
            } finally {
                jvms.forEach(JavaProcess::killHard);
            }
        }
    }

    private TenReplicas.Round collect(List<JavaProcess> jvms, boolean lockstep, long launch) {
        List<Result> results = new ArrayList<>();
        for (JavaProcess jvm : jvms) {
            int exit = jvm.waitFor(RUN_TIMEOUT);
            String line = jvm.output().lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("replica exited with " + exit + " and no RESULT:\n"
                            + jvm.output()));
            results.add(Result.parse(line));
        }
        long start = launch >= 0 ? launch : results.stream().mapToLong(Result::go).min().orElseThrow();
        long[] done = results.stream().mapToLong(r -> (r.done() - start) * 1_000).sorted().toArray();
        long leaderDone = results.stream().filter(r -> r.outcome().equals("MIGRATED"))
                .mapToLong(r -> (r.done() - start) * 1_000).max().orElse(0);
        int leaders = (int) results.stream().filter(r -> r.outcome().equals("MIGRATED")).count();
        int applied = results.stream().mapToInt(Result::applied).sum();
        Fixture.require(applied == set.count(), "the JVMs applied " + applied + " migrations in all, expected "
                + set.count());
        Fixture.require(!lockstep || leaders == 1, leaders + " Lockstep JVMs report MIGRATED, expected 1");
        if (verbose != null) {
            describe(results, lockstep, launch >= 0, start);
        }
        return new TenReplicas.Round(done, leaderDone);
    }

    /** One line per JVM: when it reached each step, in ms after the common start. */
    private void describe(List<Result> results, boolean lockstep, boolean cold, long start) {
        verbose.printf(Locale.ROOT, "  %d %s JVM(s), %s, ms after the %s:%n", results.size(),
                lockstep ? "Lockstep" : "Flyway", cold ? "cold" : "warm", cold ? "launch" : "release");
        for (Result r : results.stream().sorted(Comparator.comparingLong(Result::done)).toList()) {
            verbose.printf(Locale.ROOT, "    %s main %s, built %s, lock %s, first migration %s, done %d;"
                    + " applied %d, lock wait %d ms, cpu %d ms%n", r.outcome(), at(r.main(), start),
                    at(r.built(), start), at(r.lock(), start), at(r.first(), start), (r.done() - start) / 1000,
                    r.applied(), r.lockWaitMillis(), r.cpuMillis());
        }
    }

    private static String at(long micros, long start) {
        return micros == 0 ? "-" : Long.toString((micros - start) / 1000);
    }
}
