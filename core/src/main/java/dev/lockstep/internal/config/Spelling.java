package dev.lockstep.internal.config;

import java.util.Collection;
import java.util.Comparator;

/**
 * Finds the name a user most likely meant, for messages about a name that is not known. A name is compared first
 * with the closest part of each candidate (so that a shortened {@code snapshot.dir} finds {@code snapshot.directory}),
 * then with the whole candidate, counting the single-character edits between them.
 */
public final class Spelling {
    private Spelling() {}

    /** The candidate {@code wanted} most likely meant. */
    public static String closest(String wanted, Collection<String> candidates) {
        return candidates.stream()
                .min(Comparator.comparingInt((String candidate) -> distance(wanted, candidate, true))
                        .thenComparingInt(candidate -> distance(wanted, candidate, false))
                        .thenComparing(Comparator.naturalOrder()))
                .orElseThrow();
    }

    /**
     * Levenshtein distance: insertions, deletions and substitutions, each counting one. With {@code withinCandidate},
     * characters of the candidate before and after the part that matches are free.
     */
    static int distance(String wanted, String candidate, boolean withinCandidate) {
        int[] previous = new int[candidate.length() + 1];
        int[] current = new int[candidate.length() + 1];
        for (int j = 0; j <= candidate.length(); j++) {
            previous[j] = withinCandidate ? 0 : j;
        }
        for (int i = 1; i <= wanted.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= candidate.length(); j++) {
                int substitution = previous[j - 1] + (wanted.charAt(i - 1) == candidate.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        if (!withinCandidate) {
            return previous[candidate.length()];
        }
        int best = Integer.MAX_VALUE;
        for (int cost : previous) {
            best = Math.min(best, cost);
        }
        return best;
    }
}
