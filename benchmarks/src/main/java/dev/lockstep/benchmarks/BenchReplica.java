package dev.lockstep.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.Lockstep;
import dev.lockstep.MigrationReport;
import java.lang.management.ManagementFactory;
import java.time.Instant;

/**
 * One replica in its own JVM for section c: {@code BenchReplica <jdbcUrl> <user> <location> <instance>}, the
 * password in {@code LOCKSTEP_BENCH_PASSWORD} (never on a command line). Warms up, builds its pool and Lockstep,
 * waits for the start signal, migrates the database's default schema, and prints
 * {@code RESULT <goMicros> <doneMicros> <outcome> <applied> <lockWaitMillis> <cpuMillis>} with wall-clock
 * microseconds, so the parent can line up several JVMs, and the CPU time the whole JVM used meanwhile.
 */
public final class BenchReplica {
    static final int WARMUP_RUNS = 2;
    private BenchReplica() {}

    public static void main(String[] args) throws InterruptedException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername(args[1]);
        config.setPassword(System.getenv("LOCKSTEP_BENCH_PASSWORD"));
        config.setPoolName("bench-" + args[3]);
        config.setMaximumPoolSize(3);
        config.setMinimumIdle(1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            // Warm-up, before READY and so outside the timed window: the same set, twice, into private schemas
            // (their own history tables and lock keys), then settles, so that class loading and JIT compilation of
            // ten cold JVMs sharing two cores is not what the round measures.
            for (int i = 0; i < WARMUP_RUNS; i++) {
                String warmup = "bench_warmup_" + i + "_" + args[3].replaceAll("[^A-Za-z0-9]", "_");
                Lockstep.configure(pool).flyway(f -> f.locations(args[2]).schemas(warmup)).instanceName(args[3])
                        .build().migrate();
            }
            Lockstep lockstep = Lockstep.configure(pool).flyway(f -> f.locations(args[2])).instanceName(args[3])
                    .build();
            settle();
            StartSignal.awaitGo();
            long go = micros(Instant.now());
            long cpuAtGo = cpuNanos();
            MigrationReport report = lockstep.migrate();
            long done = micros(Instant.now());
            long cpu = cpuNanos() - cpuAtGo;
            System.out.println("RESULT " + go + " " + done + " " + report.outcome() + " " + report.applied().size()
                    + " " + report.lockWait().toMillis() + " " + cpu / 1_000_000);
        }
    }

    /**
     * Waits (at most 8 s) until this JVM is quiet: less than 25 ms of CPU in a 500 ms window. After the warm-up
     * the JIT compiler still has a backlog; ten JVMs working it off on two cores after the release would be
     * measured as if it were the migration.
     */
    private static void settle() throws InterruptedException {
        long deadline = System.nanoTime() + 8_000_000_000L;
        long before = cpuNanos();
        while (before >= 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            long now = cpuNanos();
            if (now - before < 25_000_000L) {
                return;
            }
            before = now;
        }
    }

    /** CPU time of the whole JVM (every thread, JIT and GC included), -1 when the platform does not say. */
    private static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
