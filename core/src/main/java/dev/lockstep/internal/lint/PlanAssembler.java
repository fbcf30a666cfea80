package dev.lockstep.internal.lint;

import dev.lockstep.LintFinding;
import dev.lockstep.PlannedMigration;
import dev.lockstep.RuleLevel;
import dev.lockstep.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns a migration's static findings and what the trace saw into the findings a user reads: the trace confirms a
 * finding (observed), refutes an expected rewrite that did not happen (INFO), or adds what the text did not show;
 * each is rated by its table's size in the target and {@code lint.rules.<id>}, and marked suppressed when a
 * {@code -- lockstep:allow <rule> <reason>} comment allows it.
 */
final class PlanAssembler {
    private final TargetFacts facts;
    private final long largeTableRows;
    private final Map<String, RuleLevel> levels;

    PlanAssembler(TargetFacts facts, long largeTableRows, Map<String, RuleLevel> levels) {
        this.facts = facts;
        this.largeTableRows = largeTableRows;
        this.levels = levels;
    }

    /** @param failure why the migration failed on the scratch copy, null when it did not */
    PlannedMigration assemble(MigrationLint lint, @Nullable Observation observed, @Nullable String failure) {
        List<String> notes = new ArrayList<>(lint.notes());
        if (failure != null) {
            notes.add(failure);
        }
        List<LintFinding> findings = new ArrayList<>();
        List<RawFinding> unmatched = observed == null ? List.of() : new ArrayList<>(observed.findings());
        for (RawFinding finding : lint.findings()) {
            boolean seen = false;
            boolean refuted = false;
            if (observed != null && finding.relation() != null) {
                seen = unmatched.removeIf(traced -> traced.rule() == finding.rule()
                        && traced.relation() != null && traced.relation().sameAs(finding.relation()));
                boolean rewritten = observed.rewrites().stream().anyMatch(finding.relation()::sameAs);
                if (finding.expectsRewrite()) {
                    unmatched.removeIf(traced -> traced.rule() == Rule.REWRITE_UNDER_EXCLUSIVE_LOCK
                            && traced.relation() != null && traced.relation().sameAs(finding.relation()));
                    seen = seen || rewritten;
                    refuted = !rewritten;
                }
            }
            add(findings, lint, finding, seen, refuted, notes);
        }
        for (RawFinding traced : unmatched) {
            add(findings, lint, traced, true, false, notes);
        }
        LintInput input = lint.input();
        return new PlannedMigration(input.version(), input.description(), input.script(), input.type(),
                observed != null ? observed.transactional() : lint.transactional(), lint.analysable(),
                lint.statements().stream().map(SqlStatement::text).toList(),
                observed == null ? null : observed.locks(),
                observed == null ? List.of() : observed.rewrites().stream().map(Name::toString).toList(),
                findings, notes);
    }

    private void add(List<LintFinding> findings, MigrationLint lint, RawFinding finding, boolean observed,
            boolean refuted, List<String> notes) {
        RuleLevel level = levels.get(finding.rule().id());
        if (level == RuleLevel.OFF) {
            return;
        }
        TargetFacts.Size size = finding.relation() == null ? null : facts.size(finding.relation());
        Severity severity = refuted ? Severity.INFO : rate(finding.rule(), level, size);
        String message = refuted ? finding.message() + " (the trace saw no rewrite: the change is cheap here)"
                : finding.message();
        String reason = lint.suppressions().get(finding.rule().id());
        boolean suppressed = reason != null && !reason.isBlank();
        if (reason != null && reason.isBlank()) {
            String note = "-- lockstep:allow " + finding.rule().id() + " gives no reason, so it allows nothing: write"
                    + " why the finding is safe here after the rule's id";
            if (!notes.contains(note)) {
                notes.add(note);
            }
        }
        LintInput input = lint.input();
        findings.add(new LintFinding(input.version(), input.script(), finding.rule().id(), severity,
                finding.relation() == null ? null : finding.relation().toString(), size == null ? null : size.rows(),
                size == null ? null : size.bytes(), message, finding.rule().safeAlternative(), finding.line(),
                observed, suppressed, suppressed ? reason : null));
    }

    /**
     * {@code lint.rules.<id>} when set; else, for a rule whose danger grows with the table, ERROR from
     * {@code lint.large-table-rows} rows up and INFO below; the rule's own severity when the size is not known.
     */
    private Severity rate(Rule rule, @Nullable RuleLevel level, TargetFacts.@Nullable Size size) {
        if (level == RuleLevel.WARN) {
            return Severity.WARN;
        }
        if (level == RuleLevel.ERROR) {
            return Severity.ERROR;
        }
        if (!rule.sizeRated() || size == null || size.rows() == null) {
            return rule.unrated();
        }
        return size.rows() >= largeTableRows ? Severity.ERROR : Severity.INFO;
    }
}
