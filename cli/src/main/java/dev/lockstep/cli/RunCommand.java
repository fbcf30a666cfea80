package dev.lockstep.cli;

import dev.lockstep.MigrationFailedException;
import dev.lockstep.MigrationReport;
import dev.lockstep.Mode;
import dev.lockstep.Views;
import picocli.CommandLine.Command;

/** The startup run in one of its modes: {@code migrate}, {@code validate}, {@code wait}. */
abstract class RunCommand extends DatabaseCommand {
    private final Mode mode;
    private final String activity;

    RunCommand(Mode mode, String activity) {
        this.mode = mode;
        this.activity = activity;
    }

    @Override
    ExitStatus execute(Output output) {
        MigrationReport report;
        try (Progress progress = Progress.start(output, activity);
                Setup setup = Setup.of(options(), mode, true, output, progress)) {
            report = setup.lockstep().migrate();
        } catch (MigrationFailedException e) {
            if (!output.json()) {
                output.text(new Human(output).report(e.report()));
            }
            throw e;
        }
        if (output.json()) {
            output.json(Views.report(report));
        } else {
            output.text(new Human(output).report(report));
        }
        return ExitStatus.OK;
    }

    @Command(name = "migrate", sortOptions = false,
            description = "Apply the pending migrations under Lockstep's lock, after a verified pg_dump snapshot, and"
                    + " record the run: what an application does at startup, as a Kubernetes Job or init container."
                    + " Other instances wait for it; one that already migrated makes this a no-op.",
            footerHeading = "%nExamples:%n",
            footer = {
                "  export LOCKSTEP_PASSWORD=...  # or --password-file, PGPASSWORD, ~/.pgpass",
                "  lockstep migrate --url jdbc:postgresql://db:5432/shop --user shop \\",
                "      --jar /app/shop.jar --set snapshot.directory=/snapshots",
                "  lockstep migrate --url jdbc:postgresql://db:5432/shop --user shop \\",
                "      --locations filesystem:db/migration --flyway flyway.schemas=shop \\",
                "      --set lock.timeout=15m"})
    static final class Migrate extends RunCommand {
        Migrate() {
            super(Mode.MIGRATE, "connecting");
        }
    }

    @Command(name = "validate", sortOptions = false,
            description = "Check, without writing anything, that every migration is applied and none was changed."
                    + " Exit code 7 when migrations are pending, 5 for a checksum mismatch or a failed migration.",
            footerHeading = "%nExamples:%n",
            footer = {"  # LOCKSTEP_URL, LOCKSTEP_USER and LOCKSTEP_PASSWORD set, or --url and --user:",
                "  lockstep validate --jar /app/shop.jar"})
    static final class Validate extends RunCommand {
        Validate() {
            super(Mode.VALIDATE, "validating");
        }
    }

    @Command(name = "wait", sortOptions = false,
            description = "Wait, without migrating, until the schema reaches the migrations' target (another service"
                    + " or a Job migrates it), for up to lock.timeout. Exit code 4 when the time runs out.",
            footerHeading = "%nExamples:%n",
            footer = {"  # LOCKSTEP_URL, LOCKSTEP_USER and LOCKSTEP_PASSWORD set, or --url and --user:",
                "  lockstep wait --jar /app/shop.jar --set lock.timeout=15m"})
    static final class Wait extends RunCommand {
        Wait() {
            super(Mode.WAIT, "waiting for the schema to reach the migrations' target");
        }
    }
}
