package dev.lockstep.benchmarks.scenarios;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.Lockstep;
import dev.lockstep.MigrationReport;
import dev.lockstep.embedded.process.StartSignal;
import dev.lockstep.spi.MigrationListener;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

/**
 * One replica in its own JVM for the replicas section:
 * {@code BenchmarkReplica <lockstep|flyway> <warm|cold> <jdbcUrl> <user> <location> <warm-up location> <instance>}, the
 * password in {@code LOCKSTEP_BENCH_PASSWORD} (never on a command line). It builds a HikariCP pool and its tool and
 * migrates the database's default schema. {@code warm}: first applies the warm-up set once into a private schema
 * (a set that names no schema of its own) and lets the JIT settle, then waits for the parent's start signal;
 * {@code cold}: migrates at once, as a freshly started service does. Prints
 * {@code RESULT <main> <go> <built> <lock> <first> <done> <outcome> <applied> <lockWaitMillis> <cpuMillis>}:
 * wall-clock microseconds (when main began, when it was released or began, when the tool was built, when Lockstep
 * had its lock and started its first migration, 0 where that does not apply, when it was done), so that the parent
 * can line up several JVMs, and the CPU time the whole JVM used from {@code go} to done.
 * Snapshots are off: this section measures coordination, the fresh-apply section measures the snapshot.
 */
public final class BenchmarkReplica {
    private BenchmarkReplica() {}

    public static void main(String[] args) throws InterruptedException {
        long main = micros();
        boolean lockstep = args[0].equals("lockstep");
        boolean warm = args[1].equals("warm");
        String location = args[4];
        String warmupLocation = args[5];
        String instance = args[6];
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[2]);
        config.setUsername(args[3]);
        config.setPassword(System.getenv("LOCKSTEP_BENCH_PASSWORD"));
        config.setPoolName("bench-" + instance);
        config.setMaximumPoolSize(3);
        config.setMinimumIdle(1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            if (warm) {
                // Before the start signal, so outside the timed window: the warm-up set once into a private schema
                // (its own history table and lock key), then a quiet JVM, so that class loading and JIT compilation of
                // ten JVMs sharing two cores is not what the round measures.
                String schema = "bench_warmup_" + instance.replaceAll("[^A-Za-z0-9]", "_");
                if (lockstep) {
                    lockstep(pool, warmupLocation, instance, schema, new long[2]).migrate();
                } else {
                    Flyway.configure().dataSource(pool).locations(warmupLocation).schemas(schema).load().migrate();
                }
                settle();
                StartSignal.awaitGo();
            }
            long go = micros();
            long cpuAtGo = cpuNanos();
            long[] marks = new long[2];
            String outcome;
            int applied;
            long lockWait = -1;
            long built;
            if (lockstep) {
                Lockstep tool = lockstep(pool, location, instance, null, marks);
                built = micros();
                MigrationReport report = tool.migrate();
                outcome = report.outcome().name();
                applied = report.applied().size();
                lockWait = report.lockWait().toMillis();
            } else {
                Flyway tool = Flyway.configure().dataSource(pool).locations(location)
                        .lockRetryCount(TenReplicas.FLYWAY_LOCK_RETRIES).load();
                built = micros();
                applied = tool.migrate().migrationsExecuted;
                outcome = applied > 0 ? "MIGRATED" : "UP_TO_DATE";
            }
            long done = micros();
            long cpu = (cpuNanos() - cpuAtGo) / 1_000_000;
            System.out.println("RESULT " + main + " " + go + " " + built + " " + marks[0] + " " + marks[1] + " " + done
                    + " " + outcome + " " + applied + " " + lockWait + " " + cpu);
        }
    }

    /** Lockstep on the pool; {@code marks} receives when the lock was acquired and the first migration started. */
    private static Lockstep lockstep(HikariDataSource pool, String location, String instance, @Nullable String schema,
            long[] marks) {
        return Lockstep.configure(pool)
                .flyway(f -> {
                    f.locations(location);
                    if (schema != null) {
                        f.schemas(schema);
                    }
                })
                .instanceName(instance)
                .properties(Map.of("snapshot.enabled", "false"))
                .listener(new MigrationListener() {
                    @Override
                    public void lockAcquired(Duration waited) {
                        marks[0] = micros();
                    }

                    @Override
                    public void migrationStarting(String version, String description) {
                        if (marks[1] == 0) {
                            marks[1] = micros();
                        }
                    }
                })
                .build();
    }

    /**
     * Waits (at most 8 s) until this JVM is quiet: less than 25 ms of CPU in a 500 ms window. After the warm-up the
     * JIT compiler still has a backlog; ten JVMs working it off on two cores after the release would be measured as
     * if it were the migration.
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

    static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
