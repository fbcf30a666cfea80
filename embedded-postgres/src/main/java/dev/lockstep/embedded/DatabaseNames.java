package dev.lockstep.embedded;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** Names for the created databases and their roles: readable, valid unquoted identifiers, unique across JVMs. */
final class DatabaseNames {
    // Leaves room for the suffix within PostgreSQL's 63-byte identifier limit.
    private static final int MAX_PREFIX_LENGTH = 40;
    private static final int SUFFIX_RANGE = 36 * 36 * 36 * 36;

    private DatabaseNames() {}

    /**
     * The prefix in snake case ({@code MultiProcessTest} becomes {@code multi_process_test}), reduced to
     * {@code [a-z0-9_]}, then the counter and a random suffix: the counter keeps one JVM's names apart, the random
     * part keeps apart JVMs that share a server through {@code LOCKSTEP_TEST_JDBC_URL}.
     */
    static String unique(String prefix, int counter) {
        String base = prefix.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]+", "_")
                .replaceAll("_+", "_")
                .replaceAll("^[_0-9]+|_+$", "")
                // Role names starting with pg_ are reserved: PgBouncerTest becomes pgbouncer_test.
                .replaceAll("^pg_", "pg");
        if (base.length() > MAX_PREFIX_LENGTH) {
            base = base.substring(0, MAX_PREFIX_LENGTH).replaceAll("_+$", "");
        }
        if (base.isEmpty()) {
            base = "test";
        }
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(SUFFIX_RANGE), 36);
        return base + "_" + counter + "_" + suffix;
    }
}
