package dev.lockstep.internal.lint;

import org.jspecify.annotations.Nullable;

/**
 * A finding as a rule raises it, before the table's size and the settings rate it.
 *
 * @param relation the table it endangers, when there is one
 * @param line the line of the statement in its file; 0 for a finding of the trace alone
 * @param message what the statement does and why it hurts, in one sentence
 * @param expectsRewrite whether the rule expects a rewrite the trace can confirm or refute
 */
record RawFinding(Rule rule, @Nullable Name relation, int line, String message, boolean expectsRewrite) {

    static RawFinding of(Rule rule, @Nullable Name relation, int line, String message) {
        return new RawFinding(rule, relation, line, message, false);
    }
}
