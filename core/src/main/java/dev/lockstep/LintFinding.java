package dev.lockstep;

import org.jspecify.annotations.Nullable;

/**
 * One thing a pending migration will do that can block or break the application, found by the lint (on the SQL text)
 * or by the trace (on a scratch copy of the schema), and rated with the size of the table in the target database.
 *
 * @param version the migration's version, null for a repeatable migration
 * @param script the migration's script ({@code V42__add_status.sql}, or a Java migration's class)
 * @param rule the rule's id, such as {@code index-without-concurrently}: what {@code lint.rules.<rule>} and
 *     {@code -- lockstep:allow <rule> <reason>} name
 * @param severity how bad it is at this table's size
 * @param relation the table (or index) it endangers, when it names one
 * @param rows the table's row estimate in the target ({@code pg_class.reltuples}), when known
 * @param bytes the table's size in the target with indexes and TOAST ({@code pg_total_relation_size}), when known
 * @param message what the statement does and why it hurts
 * @param safeAlternative what to write instead
 * @param line the statement's line in the script; 0 when the trace alone found it
 * @param observed whether the trace saw it happen (a rewrite, a lock, an index built in a transaction)
 * @param suppressed whether a {@code -- lockstep:allow <rule> <reason>} comment in the script allows it
 * @param suppressionReason the reason that comment gives
 */
public record LintFinding(
        @Nullable String version,
        String script,
        String rule,
        Severity severity,
        @Nullable String relation,
        @Nullable Long rows,
        @Nullable Long bytes,
        String message,
        String safeAlternative,
        int line,
        boolean observed,
        boolean suppressed,
        @Nullable String suppressionReason) {

    /** {@code V42}, or the script of a repeatable migration. */
    public String migration() {
        return version == null ? script : "V" + version;
    }

    /** Whether this finding stops a run under {@code lint.policy=fail}: an ERROR that no comment allows. */
    public boolean blocking() {
        return severity == Severity.ERROR && !suppressed;
    }
}
