package dev.lockstep;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One pending migration in a {@link MigrationPlan}.
 *
 * @param version its version, null for a repeatable migration
 * @param description its description
 * @param script its script, or a Java migration's class
 * @param type Flyway's type: {@code SQL}, {@code JDBC}, ...
 * @param transactional whether Flyway runs it in a transaction (as the trace saw it, else as its text and Flyway's
 *     settings tell)
 * @param analysable whether its SQL could be read by the lint (not for a Java migration)
 * @param statements its statements, as written, in order; empty when it is not analysable
 * @param locks the table locks it held at its end, inside its transaction, on tables that exist in the target; null
 *     when it was not traced, empty when it ran outside a transaction (its locks end with each statement)
 * @param rewrites the tables of the target it rewrote (their files were replaced); empty when it was not traced
 * @param findings what it will do that can block or break the application
 * @param notes sentences that are not findings: not analysable, what the trace could not see, a suppression
 *     comment that names no rule
 */
public record PlannedMigration(
        @Nullable String version,
        String description,
        String script,
        String type,
        boolean transactional,
        boolean analysable,
        List<String> statements,
        @Nullable List<ObservedLock> locks,
        List<String> rewrites,
        List<LintFinding> findings,
        List<String> notes) {

    public PlannedMigration {
        statements = List.copyOf(statements);
        locks = locks == null ? null : List.copyOf(locks);
        rewrites = List.copyOf(rewrites);
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }

    /** {@code V42}, or {@code R <description>} for a repeatable migration. */
    public String label() {
        return version == null ? "R " + description : "V" + version;
    }
}
