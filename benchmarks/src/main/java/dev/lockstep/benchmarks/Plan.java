package dev.lockstep.benchmarks;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * How much to measure. The default run meets the counts the targets are stated for; {@code --quick} is a smoke
 * run whose numbers are only indicative.
 *
 * <pre>
 * --quick            few repetitions, a 4 s blocker, a 30 MB database for e (two to three minutes in all)
 * --only=a,c         run only these sections (a no-op startup, b status probe, c concurrency, d point reads,
 *                    e snapshots, f plan and lint)
 * --no-jvms          skip the separate-JVM variant of section c
 * --verbose          print every round of section c (who finished when)
 * </pre>
 */
record Plan(boolean quick, boolean verbose, Set<String> sections, boolean jvms, int noopWarmup, int noopRuns,
        int probeWarmup, int probeCalls, int concurrencyRounds, int blockerSeconds, int snapshotRuns,
        int snapshotScale) {

    static Plan parse(String[] args) {
        boolean quick = false;
        boolean jvms = true;
        boolean verbose = false;
        Set<String> sections = new TreeSet<>(Set.of("a", "b", "c", "d", "e", "f"));
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
                    jvms = false;
                } else if (word.startsWith("--only=")) {
                    sections.clear();
                    for (String section : word.substring("--only=".length()).split(",")) {
                        sections.add(section.trim().toLowerCase(Locale.ROOT));
                    }
                } else {
                    throw new IllegalArgumentException("Unknown argument '" + word
                            + "'. Use --quick, --only=a,b,c,d,e,f, --no-jvms or --verbose.");
                }
            }
        }
        return quick
                ? new Plan(true, verbose, sections, jvms, 1, 4, 20, 50, 2, 4, 2, 1)
                : new Plan(false, verbose, sections, jvms, 5, 20, 100, 500, 5, 8, 7, 8);
    }

    String describe() {
        return String.format(Locale.ROOT, "%s sections %s; a: %d+%d runs, b: %d+%d calls, c: 1+%d rounds%s,"
                + " d: %d s blocker, e: %d repetitions on a database of scale %d", quick ? "--quick," : "default,", String.join(",", sections), noopWarmup,
                noopRuns, probeWarmup, probeCalls, concurrencyRounds, jvms ? " (threads and JVMs)" : " (threads only)",
                blockerSeconds, snapshotRuns, snapshotScale);
    }

    boolean runs(String section) {
        return sections.contains(section);
    }
}
