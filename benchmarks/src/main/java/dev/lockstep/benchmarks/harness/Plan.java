package dev.lockstep.benchmarks.harness;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What to measure and how much. The default run meets the counts the targets are stated for; {@code --quick} is a
 * smoke run whose numbers are only indicative.
 *
 * <pre>
 * --quick              few repetitions, smaller sets and databases (a few minutes for everything)
 * --only=noop,replicas run only these sections (see {@link Section})
 * --no-jvms            skip the separate-JVM rows of the replicas section (the same as --starts=threads)
 * --starts=cold,warm   which rows of the replicas section: threads, warm (JVMs), cold (JVMs); default all
 * --charts=DIR         where the PNG charts go (default: docs/img of the project)
 * --verbose            print every round of the replicas section (who finished when, and why)
 * </pre>
 */
public record Plan(boolean quick, boolean verbose, Set<Section> sections, Set<String> starts, Path charts) {

    /** The sections, in the order a full run takes them. */
    public enum Section {
        NOOP("noop", "a restart with nothing pending"),
        STATUS("status", "the status probe against flyway.info()"),
        FRESH_APPLY("fresh-apply", "a first deploy on an empty database"),
        FENCING("fencing", "what proving the lock costs per migration"),
        REPLICAS("replicas", "ten replicas starting at once"),
        POINT_READS("point-reads", "reads while a migration waits for a table lock"),
        SNAPSHOTS("snapshots", "the snapshot against raw pg_dump"),
        S3("s3", "the snapshot into object storage (S3Mock) against the local one: time and local disk"),
        PLAN("plan", "the cost of lint and of a traced plan, and the real-world set's findings");

        public final String id;
        public final String description;

        Section(String id, String description) {
            this.id = id;
            this.description = description;
        }

        static Section of(String id) {
            return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("Unknown section '" + id + "'. Sections: " + ids()));
        }

        static String ids() {
            return Arrays.stream(values()).map(s -> s.id + " (" + s.description + ")")
                    .collect(Collectors.joining(", "));
        }
    }

    public static Plan parse(String[] args) {
        boolean quick = false;
        Set<String> starts = new TreeSet<>(Set.of("threads", "warm", "cold"));
        boolean verbose = false;
        Set<Section> sections = EnumSet.allOf(Section.class);
        Path charts = Path.of(System.getProperty("maven.multiModuleProjectDirectory", "."), "docs", "img");
        for (String arg : args) {
            for (String word : arg.trim().split("\\s+")) {
                if (word.isEmpty()) {
                    continue;
                }
                if (word.equals("--quick")) {
                    quick = true;
                } else if (word.equals("--verbose")) {
                    verbose = true;
                } else if (word.equals("--no-jvms")) {
                    starts.retainAll(Set.of("threads"));
                } else if (word.startsWith("--starts=")) {
                    starts = new TreeSet<>(Arrays.asList(word.substring("--starts=".length()).split(",")));
                    if (!Set.of("threads", "warm", "cold").containsAll(starts)) {
                        throw new IllegalArgumentException("--starts takes threads, warm and cold, not " + starts);
                    }
                } else if (word.startsWith("--charts=")) {
                    charts = Path.of(word.substring("--charts=".length()));
                } else if (word.startsWith("--only=")) {
                    sections = EnumSet.noneOf(Section.class);
                    for (String id : word.substring("--only=".length()).split(",")) {
                        sections.add(Section.of(id.trim().toLowerCase(Locale.ROOT)));
                    }
                } else {
                    throw new IllegalArgumentException("Unknown argument '" + word + "'. Use --quick,"
                            + " --only=SECTION,SECTION, --no-jvms, --starts=threads,warm,cold, --verbose or"
                            + " --charts=DIR. Sections: "
                            + Section.ids() + ".");
                }
            }
        }
        return new Plan(quick, verbose, sections, starts, charts.toAbsolutePath().normalize());
    }

    public boolean runs(Section section) {
        return sections.contains(section);
    }

    public String describe() {
        return (quick ? "--quick" : "default") + ", sections " + sections.stream().map(s -> s.id)
                .collect(Collectors.joining(",")) + (runs(Section.REPLICAS) ? ", replicas started as "
                + String.join(",", starts) : "");
    }

    /** Warm-up runs before the measured ones, for the sections that repeat one short action. */
    public int warmup() {
        return quick ? 1 : 5;
    }

    /** Measured runs per tool of a short action (a no-op start). */
    public int runs() {
        return quick ? 4 : 20;
    }

    /** Measured rounds of an action that takes seconds (a fresh apply, ten replicas). */
    public int rounds() {
        return quick ? 2 : 7;
    }

    /** Measured rounds of ten separate JVMs, which cost tens of seconds of CPU each on two cores. */
    public int jvmRounds() {
        return quick ? 1 : 3;
    }

    /** Calls per tool in the status section. */
    public int probeCalls() {
        return quick ? 50 : 500;
    }

    /** How long the blocking transaction of the point-reads section stays open, in seconds. */
    public int blockerSeconds() {
        return quick ? 4 : 8;
    }

    /** The size of the snapshot section's database, in units of about 37 MB. */
    public int snapshotScale() {
        return quick ? 1 : 8;
    }
}
