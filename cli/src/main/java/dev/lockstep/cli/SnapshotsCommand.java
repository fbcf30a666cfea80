package dev.lockstep.cli;

import dev.lockstep.LockstepSettings;
import dev.lockstep.RestoreResult;
import dev.lockstep.RestoreStyle;
import dev.lockstep.Snapshot;
import dev.lockstep.SnapshotStorage;
import dev.lockstep.Views;
import dev.lockstep.spi.MigrationListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code snapshots list|take|verify|restore}: the snapshots in {@code snapshot.directory}, or in a bucket with
 * {@code snapshot.storage=s3}.
 */
@Command(name = "snapshots",
        description = "List, take, verify and restore the pg_dump snapshots Lockstep keeps in snapshot.directory:"
                + " --set snapshot.directory=/path or LOCKSTEP_SNAPSHOT_DIRECTORY (default: lockstep-snapshots in the"
                + " working directory); or in a bucket: --set snapshot.storage=s3 --set snapshot.s3.bucket=<bucket>"
                + " (docs/snapshots.md, Object storage).",
        subcommands = {SnapshotsCommand.ListSnapshots.class, SnapshotsCommand.Take.class, SnapshotsCommand.Verify.class,
            SnapshotsCommand.Restore.class},
        footerHeading = "%nExamples:%n",
        footer = {"  # LOCKSTEP_URL, LOCKSTEP_USER and LOCKSTEP_PASSWORD set, or --url and --user:",
            "  export LOCKSTEP_SNAPSHOT_DIRECTORY=/var/lib/shop/snapshots",
            "  lockstep snapshots list",
            "  lockstep snapshots restore <id> --style swap --confirm shop",
            "  # before a restore, read docs/runbook-restore.md"})
final class SnapshotsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Where the snapshots are, as the settings say: a directory, or a bucket and prefix. */
    static String where(LockstepSettings settings) {
        return settings.get(LockstepSettings.SNAPSHOT_STORAGE) == SnapshotStorage.S3
                ? "s3://" + settings.get(LockstepSettings.SNAPSHOT_S3_BUCKET) + "/"
                        + settings.get(LockstepSettings.SNAPSHOT_S3_PREFIX)
                : settings.get(LockstepSettings.SNAPSHOT_DIRECTORY).toString();
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: lockstep snapshots list, take, verify <id>"
                + " or restore <id>.");
    }

    @Command(name = "list", sortOptions = false,
            description = "The kept snapshots, newest first, as their manifests describe them.",
            footerHeading = "%nExamples:%n",
            footer = {"  # LOCKSTEP_URL, LOCKSTEP_USER and LOCKSTEP_PASSWORD set, or --url and --user:",
                "  lockstep snapshots list --set snapshot.directory=/var/lib/shop/snapshots",
                "  lockstep snapshots list --json"})
    static final class ListSnapshots extends DatabaseCommand {
        @Override
        ExitStatus execute(Output output) {
            List<Snapshot> snapshots;
            String directory;
            try (Setup setup = Setup.of(options(), null, false, output, new MigrationListener() {})) {
                snapshots = setup.lockstep().snapshots().list();
                directory = where(setup.lockstep().settings());
            }
            if (output.json()) {
                output.json(Map.of("snapshots", snapshots.stream().map(Views::snapshot).toList()));
            } else {
                output.text(new Human(output).snapshots(snapshots, directory));
            }
            return ExitStatus.OK;
        }
    }

    @Command(name = "take", sortOptions = false,
            description = "Take a verified snapshot now, under Lockstep's lock (no instance migrates meanwhile), and"
                    + " apply retention.",
            footerHeading = "%nExamples:%n",
            footer = {"  # LOCKSTEP_URL, LOCKSTEP_USER and LOCKSTEP_PASSWORD set, or --url and --user:",
                "  lockstep snapshots take --set snapshot.directory=/var/lib/shop/snapshots"})
    static final class Take extends DatabaseCommand {
        @Override
        ExitStatus execute(Output output) {
            Snapshot snapshot;
            try (Progress progress = Progress.start(output, "taking a snapshot (pg_dump)");
                    Setup setup = Setup.of(options(), null, false, output, progress)) {
                snapshot = setup.lockstep().snapshots().take();
            }
            print(output, "taken", snapshot);
            return ExitStatus.OK;
        }
    }

    @Command(name = "verify", sortOptions = false,
            description = "Check a snapshot's size and SHA-256 against its manifest and read its table of contents"
                    + " again. Exit code 6 when it must not be restored.",
            footerHeading = "%nExamples:%n",
            footer = {"  # LOCKSTEP_URL, LOCKSTEP_USER and LOCKSTEP_PASSWORD set, or --url and --user:",
                "  lockstep snapshots verify lockstep-shop-20261122t101500z-v41-to-v43 \\",
                "      --set snapshot.directory=/var/lib/shop/snapshots"})
    static final class Verify extends DatabaseCommand {
        @Parameters(paramLabel = "<id>", description = "The snapshot's id, as snapshots list shows it.")
        String id = "";

        @Override
        ExitStatus execute(Output output) {
            Snapshot snapshot;
            try (Progress progress = Progress.start(output, "verifying " + id);
                    Setup setup = Setup.of(options(), null, false, output, progress)) {
                snapshot = setup.lockstep().snapshots().verify(id);
            }
            print(output, "verified", snapshot);
            return ExitStatus.OK;
        }
    }

    @Command(name = "restore", sortOptions = false,
            description = "Restore a snapshot over the database it was taken from, under Lockstep's lock: every write"
                    + " since the snapshot is lost. Stop the writers first; read docs/runbook-restore.md.",
            footerHeading = "%nExamples:%n",
            footer = {"  # LOCKSTEP_URL, LOCKSTEP_USER and LOCKSTEP_PASSWORD set, or --url and --user:",
                "  lockstep snapshots restore lockstep-shop-20261122t101500z-v41-to-v43 \\",
                "      --style swap --confirm shop \\",
                "      --set snapshot.directory=/var/lib/shop/snapshots"})
    static final class Restore extends DatabaseCommand {
        @Parameters(paramLabel = "<id>", description = "The snapshot's id, as snapshots list shows it.")
        String id = "";

        @Option(names = "--style", required = true, paramLabel = "swap|in-place", converter = StyleConverter.class,
                order = 30, description = "swap: restore into a new database and swap it in by renaming, keeping the"
                        + " old one (needs CREATEDB and ownership); in-place: one transaction in the database itself.")
        RestoreStyle style = RestoreStyle.SWAP;

        @Option(names = "--confirm", required = true, paramLabel = "<database>", order = 31,
                description = "The name of the database being replaced; anything else refuses the restore.")
        String confirm = "";

        @Override
        ExitStatus execute(Output output) {
            RestoreResult result;
            try (Progress progress = Progress.start(output, "restoring " + id + " (" + styleName(style) + ")");
                    Setup setup = Setup.of(options(), null, false, output, progress)) {
                result = setup.lockstep().snapshots().restore(id, style, confirm);
            }
            if (output.json()) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("snapshotId", result.snapshotId());
                view.put("style", styleName(result.style()));
                view.put("database", result.database());
                if (result.keptAs() != null) {
                    view.put("keptAs", result.keptAs());
                }
                view.put("durationMs", result.duration().toMillis());
                output.json(view);
            } else {
                output.text(new Human(output).restore(result));
            }
            return ExitStatus.OK;
        }
    }

    private static void print(Output output, String verb, Snapshot snapshot) {
        if (output.json()) {
            output.json(Views.snapshot(snapshot));
        } else {
            output.text(new Human(output).snapshot(verb, snapshot));
        }
    }

    static String styleName(RestoreStyle style) {
        return style.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code swap} and {@code in-place}, as the docs write them. */
    static final class StyleConverter implements ITypeConverter<RestoreStyle> {
        @Override
        public RestoreStyle convert(String value) {
            for (RestoreStyle style : RestoreStyle.values()) {
                if (styleName(style).equalsIgnoreCase(value) || style.name().equalsIgnoreCase(value)) {
                    return style;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is no restore style; use swap or"
                    + " in-place");
        }
    }
}
