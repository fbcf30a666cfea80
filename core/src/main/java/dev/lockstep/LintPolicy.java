package dev.lockstep;

/** What the startup run does with the findings of the lint step ({@code lint.policy}). */
public enum LintPolicy {
    /** Do not lint. */
    OFF,
    /** Log the findings and record them in the report, the run history and the status; migrate anyway (the default). */
    WARN,
    /**
     * As {@link #WARN}, and refuse to migrate, before the snapshot, while an ERROR finding is not suppressed by a
     * {@code -- lockstep:allow <rule> <reason>} comment.
     */
    FAIL
}
