package dev.lockstep.benchmarks;

import dev.lockstep.benchmarks.harness.Fixture;
import dev.lockstep.benchmarks.harness.Machine;
import dev.lockstep.benchmarks.harness.MigrationSet;
import dev.lockstep.benchmarks.harness.MigrationSets;
import dev.lockstep.benchmarks.harness.Plan;
import dev.lockstep.benchmarks.harness.Plan.Section;
import dev.lockstep.benchmarks.harness.UpToDate;
import dev.lockstep.benchmarks.scenarios.FencingCost;
import dev.lockstep.benchmarks.scenarios.FreshApply;
import dev.lockstep.benchmarks.scenarios.NoopStartup;
import dev.lockstep.benchmarks.scenarios.PlanCost;
import dev.lockstep.benchmarks.scenarios.PointReads;
import dev.lockstep.benchmarks.scenarios.SnapshotToObjectStorage;
import dev.lockstep.benchmarks.scenarios.SnapshotVersusPgDump;
import dev.lockstep.benchmarks.scenarios.StatusCheckCost;
import dev.lockstep.benchmarks.scenarios.TenReplicas;
import dev.lockstep.embedded.EmbeddedDatabase;
import dev.lockstep.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures Lockstep beside plain Flyway against a throwaway PostgreSQL and prints a Markdown report, one section
 * after another (see {@link Plan.Section}); the charts go to {@code docs/img}. A report, not a test: nothing here
 * asserts on time; each row states its target and whether this run met it.
 *
 * <pre>./mvnw -q -pl benchmarks -am compile exec:java [-Dexec.args="--quick --only=fresh-apply,replicas"]</pre>
 */
public final class CoreBenchmark {
    private CoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true"); // the charts are drawn without a display
        Plan plan = Plan.parse(args);
        PrintStream out = System.out;
        long started = System.nanoTime();
        Path root = Files.createTempDirectory("lockstep-bench-");
        try {
            EmbeddedPostgres server = EmbeddedPostgres.shared();
            MigrationSets sets = new MigrationSets(root.resolve("migrations"));
            out.println("# Lockstep benchmark" + (plan.quick() ? " (--quick: indicative only)" : ""));
            out.println();
            try (EmbeddedDatabase facts = server.createDatabase("bench_facts")) {
                Machine.describe(out, facts);
            }
            out.println("- Lockstep: this working tree; plan: " + plan.describe());
            for (Section section : Section.values()) {
                if (plan.runs(section)) {
                    long sectionStart = System.nanoTime();
                    run(section, plan, out, server, sets, root);
                    out.printf(Locale.ROOT, "%n(%s: %.0f s, %s at its end)%n", section.id,
                            (System.nanoTime() - sectionStart) / 1e9, Machine.loadAverage());
                }
            }
            out.println();
            out.printf(Locale.ROOT, "Total wall time: %.0f s%n", (System.nanoTime() - started) / 1e9);
        } finally {
            Fixture.deleteTree(root);
        }
    }

    private static void run(Section section, Plan plan, PrintStream out, EmbeddedPostgres server, MigrationSets sets,
            Path root) throws Exception {
        switch (section) {
            case NOOP -> {
                try (Prepared prepared = Prepared.of(server, sets.generated(1000), sets.realWorld())) {
                    new NoopStartup(plan, out).run(prepared.databases());
                }
            }
            case STATUS -> {
                try (Prepared prepared = Prepared.of(server, sets.generated(1000), sets.realWorld())) {
                    new StatusCheckCost(plan, out).run(prepared.databases());
                }
            }
            case FRESH_APPLY -> new FreshApply(plan, out, server, List.of(sets.generated(1000), sets.realWorld(),
                    sets.realWorldCopies(317)), root).run();
            case FENCING -> new FencingCost(plan, out, server).run();
            case REPLICAS -> new TenReplicas(plan, out, server, plan.quick() ? sets.realWorld()
                    : sets.realWorldCopies(317), sets.realWorld(), root).run();
            case POINT_READS -> new PointReads(plan, out, server, sets.resource("point-read"), root).run();
            case SNAPSHOTS -> new SnapshotVersusPgDump(plan, out, server, sets.resource("snapshot"), root).run();
            case S3 -> new SnapshotToObjectStorage(plan, out, server, sets.resource("snapshot"), root).run();
            case PLAN -> new PlanCost(plan.quick(), out, server, sets.realWorld().directory()).run();
        }
    }

    /** Databases brought up to date for the sections that need nothing pending; dropped when the section ends. */
    private record Prepared(List<UpToDate> databases) implements AutoCloseable {
        static Prepared of(EmbeddedPostgres server, MigrationSet... sets) {
            List<UpToDate> databases = new ArrayList<>();
            for (MigrationSet set : sets) {
                databases.add(UpToDate.prepare(server, set));
            }
            return new Prepared(databases);
        }

        @Override
        public void close() {
            databases.forEach(UpToDate::close);
        }
    }
}
