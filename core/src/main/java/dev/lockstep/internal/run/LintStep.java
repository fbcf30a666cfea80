package dev.lockstep.internal.run;

import static dev.lockstep.LockstepSettings.LINT_POLICY;
import static dev.lockstep.LockstepSettings.LINT_TRACE;

import dev.lockstep.ErrorCode;
import dev.lockstep.LintFinding;
import dev.lockstep.LintPolicy;
import dev.lockstep.LockstepException;
import dev.lockstep.MigrationPlan;
import dev.lockstep.Severity;
import dev.lockstep.internal.status.Comparison;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The startup run's lint, under the lock and before the snapshot ({@code lint.policy}): the pending migrations
 * linted (and traced with {@code lint.trace=true}), rated with the target's sizes. {@code warn} logs the findings;
 * {@code fail} also refuses to migrate while an ERROR finding is not allowed by a {@code -- lockstep:allow} comment,
 * before anything is written. The findings go into the report and the run history either way.
 */
final class LintStep {
    private static final Logger log = LoggerFactory.getLogger(LintStep.class);

    private final Engine engine;
    private final String prefix;

    LintStep(Engine engine, String prefix) {
        this.engine = engine;
        this.prefix = prefix;
    }

    /**
     * Lints what {@code pending} found pending; returns the findings.
     *
     * @throws LockstepException {@link ErrorCode#LINT_FAILED} under {@code lint.policy=fail} with a blocking finding
     */
    List<LintFinding> check(Comparison pending) throws SQLException {
        LintPolicy policy = engine.settings.get(LINT_POLICY);
        if (policy == LintPolicy.OFF) {
            return List.of();
        }
        MigrationPlan plan;
        try (Connection connection = engine.connections.borrow()) {
            plan = new Planning(engine).plan(connection, pending, engine.settings.get(LINT_TRACE), System.nanoTime());
        }
        log(plan);
        List<LintFinding> blocking = plan.blocking();
        if (policy == LintPolicy.FAIL && !blocking.isEmpty()) {
            throw refusal(blocking);
        }
        return plan.findings();
    }

    private void log(MigrationPlan plan) {
        boolean traceAsked = engine.settings.get(LINT_TRACE);
        plan.notes().forEach(note -> {
            if (traceAsked && !plan.traced()) {
                log.warn("{}lint.trace=true, but {}", prefix, note);
            } else {
                log.debug("{}lint: {}", prefix, note);
            }
        });
        for (LintFinding finding : plan.findings()) {
            String line = finding.migration() + " " + finding.severity() + " " + finding.rule()
                    + (finding.relation() == null ? "" : " " + finding.relation()) + ": " + finding.message()
                    + ". Instead: " + finding.safeAlternative() + ".";
            if (finding.suppressed()) {
                log.debug("{}lint, allowed ({}): {}", prefix, finding.suppressionReason(), line);
            } else if (finding.severity() == Severity.INFO) {
                log.debug("{}lint: {}", prefix, line);
            } else {
                log.warn("{}lint: {}", prefix, line);
            }
        }
    }

    /** Names each blocking finding: migration, line, rule, table and size, the safe alternative, the way out. */
    private LockstepException refusal(List<LintFinding> blocking) {
        String findings = blocking.stream().map(finding -> finding.migration() + " (" + finding.script()
                + (finding.line() > 0 ? " line " + finding.line() : "") + "): " + finding.rule()
                + (finding.relation() == null ? "" : " on " + finding.relation()
                        + (finding.rows() == null ? "" : " (" + finding.rows() + " rows)"))
                + ": " + finding.message() + ". Instead: " + finding.safeAlternative() + ".")
                .collect(Collectors.joining(" "));
        LintFinding first = blocking.get(0);
        return new LockstepException(ErrorCode.LINT_FAILED, prefix + "lint.policy=fail refused to migrate: "
                + blocking.size() + " ERROR finding(s) in the pending migrations. " + findings + " Nothing was"
                + " changed: no snapshot was taken and no migration applied. Fix the migration; or, if it is safe"
                + " here, say why in the script with -- lockstep:allow " + first.rule() + " <reason>; or set"
                + " lint.rules." + first.rule() + "=warn (or lint.policy=warn).");
    }
}
