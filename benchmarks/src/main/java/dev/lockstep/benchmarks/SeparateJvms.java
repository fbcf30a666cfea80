package dev.lockstep.benchmarks;

import dev.lockstep.benchmarks.MigrationSets.MigrationSet;
import dev.lockstep.embedded.EmbeddedDatabase;
import dev.lockstep.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Section c with replicas as separate JVMs ({@link BenchReplica}): each builds its pool and Lockstep, then all
 * are released together; the time runs from the earliest release to the last finish, by the wall clock the
 * JVMs share. JVM start-up itself is left out: it is the same with or without Lockstep.
 */
final class SeparateJvms {
    private final EmbeddedPostgres server;
    private final MigrationSet set;
    private final Path scratch;
    private final PrintStream verbose;
    private String classPath;

    SeparateJvms(EmbeddedPostgres server, MigrationSet set, Path scratch, PrintStream verbose) {
        this.server = server;
        this.set = set;
        this.scratch = scratch;
        this.verbose = verbose;
    }

    Concurrency.Round round(int count) throws InterruptedException {
        if (classPath == null) {
            classPath = BenchJvm.snapshotClassPath(BenchReplica.class, scratch.resolve("classpath"));
        }
        try (EmbeddedDatabase db = server.createDatabase("bench_jvms")) {
            List<BenchJvm> replicas = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    replicas.add(BenchJvm.start(classPath, BenchReplica.class,
                            Map.of("LOCKSTEP_BENCH_PASSWORD", db.password()), db.jdbcUrl(), db.user(), set.location(),
                            "bench-jvm-" + i));
                }
                BenchJvm.releaseTogether(replicas, Duration.ofSeconds(120));
                return collect(replicas);
            } finally {
                replicas.forEach(BenchJvm::kill);
            }
        }
    }

    private Concurrency.Round collect(List<BenchJvm> replicas) throws InterruptedException {
        long firstGo = Long.MAX_VALUE;
        long lastDone = Long.MIN_VALUE;
        long leaderDone = Long.MIN_VALUE;
        int leaders = 0;
        int applied = 0;
        List<String[]> results = new ArrayList<>();
        for (BenchJvm replica : replicas) {
            int exit = replica.waitFor(Duration.ofMinutes(5));
            String result = replica.output().lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("replica exited with " + exit + " and no RESULT:\n"
                            + replica.output()));
            results.add(result.split(" "));
        }
        for (String[] words : results) {
            long go = Long.parseLong(words[1]);
            long done = Long.parseLong(words[2]);
            firstGo = Math.min(firstGo, go);
            lastDone = Math.max(lastDone, done);
            int n = Integer.parseInt(words[4]);
            applied += n;
            if ("MIGRATED".equals(words[3])) {
                leaders++;
                leaderDone = Math.max(leaderDone, done);
            }
        }
        if (verbose != null) {
            long start = firstGo;
            StringBuilder line = new StringBuilder("  " + replicas.size() + " JVM(s), ms after the first release:");
            results.stream().sorted(java.util.Comparator.comparingLong(w -> Long.parseLong(w[2]))).forEach(w -> line
                    .append(String.format(java.util.Locale.ROOT, " [go %d, done %d, %s, lock wait %s, cpu %s]",
                            (Long.parseLong(w[1]) - start) / 1000, (Long.parseLong(w[2]) - start) / 1000, w[3], w[5],
                            w[6])));
            verbose.println(line);
        }
        Fixture.require(applied == set.count(), "the JVMs applied " + applied + " migrations in all, expected "
                + set.count());
        Fixture.require(leaders == 1, leaders + " JVMs report MIGRATED, expected 1");
        return new Concurrency.Round((lastDone - firstGo) * 1_000, (leaderDone - firstGo) * 1_000, leaders);
    }
}
