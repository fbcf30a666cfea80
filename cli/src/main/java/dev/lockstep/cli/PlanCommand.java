package dev.lockstep.cli;

import dev.lockstep.LintFinding;
import dev.lockstep.MigrationPlan;
import dev.lockstep.Views;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plan", sortOptions = false,
        description = "What the pending migrations will do before they run: the tables they lock and rewrite, seen by"
                + " running them on a scratch copy of the schema (needs CREATEDB), and the lint's findings on their"
                + " SQL, rated with each table's size in this database. Changes nothing in it."
                + " Exit code 8 while an ERROR finding is not allowed by a -- lockstep:allow comment.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  # LOCKSTEP_URL, LOCKSTEP_USER and LOCKSTEP_PASSWORD set, or --url and --user:",
            "  lockstep plan --jar target/shop.jar",
            "  lockstep plan --locations filesystem:db/migration --lint-only",
            "  lockstep plan --jar target/shop.jar --json --set lint.large-table-rows=1000000",
            "",
            "Exit code 8 when a finding blocks lint.policy=fail (ERROR, not allowed); 0 otherwise."})
final class PlanCommand extends DatabaseCommand {

    @Option(names = "--lint-only", order = 30,
            description = "Only lint the SQL (milliseconds, no scratch database): what the startup run does unless"
                    + " lint.trace=true.")
    boolean lintOnly;

    @Override
    ExitStatus execute(Output output) {
        MigrationPlan plan;
        try (Progress progress = Progress.start(output, lintOnly ? "linting" : "planning on a scratch copy");
                Setup setup = Setup.of(options(), null, true, output, progress)) {
            plan = lintOnly ? setup.lockstep().lint() : setup.lockstep().plan();
        }
        if (output.json()) {
            output.json(Views.plan(plan));
        } else {
            output.text(Views.text(plan));
        }
        List<LintFinding> blocking = plan.blocking();
        if (blocking.isEmpty()) {
            return ExitStatus.OK;
        }
        output.err().println("lockstep: " + blocking.size() + " ERROR finding(s) that lint.policy=fail would refuse"
                + " to migrate with. Fix the migration as each says; or, where it is safe, allow it in the script with"
                + " -- lockstep:allow <rule> <reason>; or --set lint.rules.<rule>=warn.");
        return ExitStatus.LINT;
    }
}
