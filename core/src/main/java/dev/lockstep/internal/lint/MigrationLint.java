package dev.lockstep.internal.lint;

import java.util.List;
import java.util.Map;

/**
 * What the static lint found in one pending migration.
 *
 * @param transactional whether Flyway runs it in a transaction, as far as the text and Flyway's settings tell
 * @param analysable whether its SQL could be read (not for a Java migration)
 * @param suppressions rule id to the reason a {@code -- lockstep:allow} comment gives (empty without one)
 * @param notes sentences about it that are not findings (not analysable, a suppression naming no rule)
 */
record MigrationLint(LintInput input, List<SqlStatement> statements, boolean transactional, boolean analysable,
        List<RawFinding> findings, Map<String, String> suppressions, List<String> notes) {}
