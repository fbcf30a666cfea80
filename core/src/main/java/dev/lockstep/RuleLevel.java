package dev.lockstep;

/**
 * A per-rule override of the lint ({@code lint.rules.<rule-id>}): the rule is not checked, or its findings have this
 * severity whatever the size of the table.
 */
public enum RuleLevel {
    /** The rule is not checked. */
    OFF,
    /** Its findings are warnings. */
    WARN,
    /** Its findings are errors: with {@code lint.policy=fail}, an unsuppressed one stops the run. */
    ERROR
}
