package dev.lockstep.cli;

import dev.lockstep.SchemaState;
import dev.lockstep.SchemaStatus;
import dev.lockstep.Views;
import dev.lockstep.spi.MigrationListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", sortOptions = false,
        description = "Where the schema stands compared with the migrations: UP_TO_DATE, PENDING, FAILED,"
                + " AHEAD_OF_APP, CHECKSUM_MISMATCH, INVALID_MIGRATIONS, UNKNOWN or UNREACHABLE, with versions, pending"
                + " migrations and the last run."
                + " Changes nothing.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  lockstep status --url jdbc:postgresql://db:5432/shop --user shop \\",
            "      --locations filesystem:db/migration",
            "  lockstep status --jar target/shop.jar --json",
            "  lockstep status --jar target/shop.jar --fail-on-pending  # exit 7: pending",
            "",
            "Exit code 3 when the database cannot be reached, 1 when it answers but the history",
            "cannot be read (UNKNOWN); with --fail-on-pending, 7 for PENDING and 5 for FAILED,",
            "CHECKSUM_MISMATCH or INVALID_MIGRATIONS."})
final class StatusCommand extends DatabaseCommand {

    @Option(names = "--fail-on-pending", order = 30,
            description = "Exit non-zero unless the schema is UP_TO_DATE or AHEAD_OF_APP: 7 when migrations are"
                    + " pending, 5 for a failed migration, a checksum mismatch or invalid migrations.")
    boolean failOnPending;

    @Override
    ExitStatus execute(Output output) {
        SchemaStatus status;
        try (Setup setup = Setup.of(options(), null, true, output, new MigrationListener() {})) {
            status = setup.lockstep().status();
        }
        if (output.json()) {
            output.json(Views.status(status));
        } else {
            output.text(new Human(output).status(status));
        }
        if (status.state() == SchemaState.UNREACHABLE) {
            output.err().println("lockstep: the schema history could not be read (see the message above)");
            return ExitStatus.CONNECTION;
        }
        if (status.state() == SchemaState.UNKNOWN) {
            output.err().println("lockstep: the database answered, but the schema history could not be read (see the"
                    + " message above)");
            return ExitStatus.FAILED;
        }
        if (!failOnPending) {
            return ExitStatus.OK;
        }
        return switch (status.state()) {
            case PENDING, WAITING_FOR_LOCK, MIGRATING -> ExitStatus.PENDING;
            case FAILED, CHECKSUM_MISMATCH, INVALID_MIGRATIONS -> ExitStatus.MIGRATION;
            default -> ExitStatus.OK;
        };
    }
}
