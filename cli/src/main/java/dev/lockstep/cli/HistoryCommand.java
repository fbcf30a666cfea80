package dev.lockstep.cli;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import dev.lockstep.RunSummary;
import dev.lockstep.Views;
import dev.lockstep.spi.MigrationListener;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "history", sortOptions = false,
        description = "The newest runs recorded in lockstep_runs (runs that migrated or failed), newest first: who ran"
                + " them, when, from which version to which, how long they waited for the lock, the snapshot taken.",
        footerHeading = "%nExamples:%n",
        footer = {"  # LOCKSTEP_URL, LOCKSTEP_USER and LOCKSTEP_PASSWORD set, or --url and --user:",
            "  lockstep history --limit 5",
            "  lockstep history --json --flyway flyway.schemas=shop"})
final class HistoryCommand extends DatabaseCommand {

    @Option(names = "--limit", paramLabel = "<runs>", defaultValue = "10", order = 30,
            description = "How many runs to show (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    ExitStatus execute(Output output) {
        if (limit < 1) {
            throw new LockstepException(ErrorCode.INVALID_CONFIGURATION, "--limit must be 1 or more, was " + limit
                    + ".");
        }
        List<RunSummary> runs;
        try (Setup setup = Setup.of(options(), null, false, output, new MigrationListener() {})) {
            runs = setup.lockstep().recentRuns(limit);
        }
        if (output.json()) {
            output.json(Map.of("runs", runs.stream().map(Views::run).toList()));
        } else {
            output.text(new Human(output).runs(runs));
        }
        return ExitStatus.OK;
    }
}
