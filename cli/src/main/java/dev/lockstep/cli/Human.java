package dev.lockstep.cli;

import dev.lockstep.AppliedMigration;
import dev.lockstep.FailedMigration;
import dev.lockstep.Health;
import dev.lockstep.MigrationReport;
import dev.lockstep.RestoreResult;
import dev.lockstep.RunSummary;
import dev.lockstep.SchemaStatus;
import dev.lockstep.Snapshot;
import dev.lockstep.Views;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Help.Ansi.Style;

/** The core's records as text for people: labelled fields and tables, aligned. */
final class Human {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Output output;

    Human(Output output) {
        this.output = output;
    }

    String status(SchemaStatus status) {
        Fields fields = new Fields();
        fields.add("State", state(status.state().name(), status.health()) + " (health " + status.health() + ")");
        fields.add("Current", version(status.currentVersion()));
        fields.add("Target", version(status.targetVersion()));
        fields.add("Pending", status.pendingCount() == 0 ? "none"
                : status.pendingCount() + ": " + String.join(", ", status.pending().stream().map(Human::version).toList()));
        if (status.failed() != null) {
            fields.add("Failed", failed(status.failed()));
        }
        if (status.lastRun() != null) {
            fields.add("Last run", runLine(status.lastRun()));
        }
        if (status.lockHolder() != null) {
            fields.add("Lock holder", status.lockHolder().describe());
        }
        if (!status.message().isEmpty()) {
            fields.add("Message", Views.redacted(status.message()));
        }
        return fields.text();
    }

    String report(MigrationReport report) {
        StringBuilder text = new StringBuilder(output.styled(report.summary(), Style.bold)).append('\n');
        List<List<String>> rows = new ArrayList<>();
        for (AppliedMigration migration : report.applied()) {
            rows.add(List.of("  " + version(migration.version()), migration.description(),
                    migration.duration().toMillis() + " ms"));
        }
        if (!rows.isEmpty()) {
            text.append(table(null, rows));
        }
        Fields fields = new Fields();
        if (report.snapshot() != null) {
            fields.add("Snapshot", report.snapshot().id() + " (" + megabytes(report.snapshot().sizeBytes()) + ")");
        }
        if (report.snapshotFailure() != null) {
            fields.add("No snapshot", Views.redacted(report.snapshotFailure()));
        }
        if (report.failure() != null) {
            fields.add("Failed", failed(report.failure()));
        }
        if (report.restored()) {
            fields.add("Restored", "the snapshot was restored after the failure (on-failure=restore)");
        }
        fields.add("State", report.state().name());
        return text.append(fields.text()).toString();
    }

    String runs(List<RunSummary> runs) {
        if (runs.isEmpty()) {
            return "No runs recorded yet: lockstep_runs holds runs that migrated or failed.";
        }
        List<List<String>> rows = new ArrayList<>();
        for (RunSummary run : runs) {
            rows.add(List.of(Long.toString(run.id()), TIME.format(run.startedAt()), outcome(run.outcome()),
                    version(run.fromVersion()) + " -> " + version(run.toVersion()), Integer.toString(run.applied()),
                    run.duration() == null ? "-" : seconds(run.duration()), seconds(run.lockWait()), run.instance(),
                    run.error() != null ? Views.redacted(run.error()) : run.snapshotId() != null ? run.snapshotId() : ""));
        }
        return table(List.of("ID", "STARTED", "OUTCOME", "VERSIONS", "APPLIED", "TOOK", "WAITED", "INSTANCE",
                "SNAPSHOT / ERROR"), rows);
    }

    String snapshots(List<Snapshot> snapshots, String directory) {
        if (snapshots.isEmpty()) {
            return "No snapshots in " + directory + ".";
        }
        List<List<String>> rows = new ArrayList<>();
        for (Snapshot snapshot : snapshots) {
            rows.add(List.of(snapshot.id(), TIME.format(snapshot.createdAt()), version(snapshot.fromVersion()),
                    version(snapshot.targetVersion()), megabytes(snapshot.sizeBytes()),
                    snapshot.verified() ? "yes" : output.styled("no", Style.fg_red)));
        }
        return table(List.of("ID", "CREATED", "HOLDS", "TAKEN BEFORE", "SIZE", "VERIFIED"), rows);
    }

    String snapshot(String verb, Snapshot snapshot) {
        Fields fields = new Fields();
        fields.add("Snapshot", output.styled(snapshot.id(), Style.bold) + " " + verb);
        fields.add("Database", snapshot.database() + " on " + snapshot.host() + " (PostgreSQL " + snapshot.serverVersion()
                + ")");
        fields.add("Holds", version(snapshot.fromVersion()) + ", taken before " + version(snapshot.targetVersion())
                + (snapshot.appVersion() == null ? "" : " by application " + snapshot.appVersion()));
        fields.add("Created", TIME.format(snapshot.createdAt()) + " in " + seconds(snapshot.duration()));
        fields.add("Archive", snapshot.file().getFileName() + ", " + megabytes(snapshot.sizeBytes()) + ", "
                + snapshot.tocEntries() + " entries, sha256 " + snapshot.sha256());
        return fields.text();
    }

    String restore(RestoreResult result) {
        Fields fields = new Fields();
        fields.add("Restored", output.styled(result.snapshotId(), Style.bold) + " into " + result.database() + " ("
                + result.style().name().toLowerCase(Locale.ROOT).replace('_', '-') + ") in "
                + seconds(result.duration()));
        if (result.keptAs() != null) {
            fields.add("Kept", "the replaced database as " + result.keptAs() + " (drop it when you no longer need it)");
        }
        return fields.text();
    }

    private String state(String state, Health health) {
        return switch (health) {
            case UP -> output.styled(state, Style.bold, Style.fg_green);
            case OUT_OF_SERVICE -> output.styled(state, Style.bold, Style.fg_yellow);
            case DOWN -> output.styled(state, Style.bold, Style.fg_red);
        };
    }

    private String outcome(String outcome) {
        return switch (outcome) {
            case "MIGRATED" -> output.styled(outcome, Style.fg_green);
            case "FAILED", "ABANDONED" -> output.styled(outcome, Style.fg_red);
            default -> outcome;
        };
    }

    private static String runLine(RunSummary run) {
        return "#" + run.id() + " " + run.outcome() + " " + version(run.fromVersion()) + " -> " + version(run.toVersion())
                + " (" + run.applied() + " applied) at " + TIME.format(run.startedAt()) + " by " + run.instance()
                + (run.snapshotId() == null ? "" : ", snapshot " + run.snapshotId());
    }

    private static String failed(FailedMigration failed) {
        return version(failed.version()) + " " + failed.description()
                + (failed.sqlState() == null ? "" : " (SQLSTATE " + failed.sqlState() + ")") + ": " + Views.redacted(failed.message());
    }

    static String version(@Nullable String version) {
        return version == null ? "<empty>" : "v" + version;
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static String megabytes(long bytes) {
        return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", bytes / 1000.0)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }

    /** Rows with their columns padded to the widest cell; the last column is not padded. */
    private String table(@Nullable List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        if (header != null) {
            all.add(header);
        }
        all.addAll(rows);
        int columns = all.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : all) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], visibleLength(row.get(i)));
            }
        }
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < all.size(); r++) {
            List<String> row = all.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = header != null && r == 0 ? output.styled(row.get(i), Style.bold) : row.get(i);
                line.append(cell);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - visibleLength(row.get(i)) + 2));
                }
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    /** The length a cell takes on screen: without the escape sequences of colours. */
    private static int visibleLength(String cell) {
        return cell.replaceAll("\u001B\\[[0-9;]*m", "").length();
    }

    /** {@code Label:  value} lines with the values aligned. */
    private static final class Fields {
        private final List<String[]> lines = new ArrayList<>();

        void add(String label, String value) {
            lines.add(new String[] {label + ":", value});
        }

        String text() {
            int width = lines.stream().mapToInt(line -> line[0].length()).max().orElse(0) + 2;
            StringBuilder text = new StringBuilder();
            for (String[] line : lines) {
                text.append(line[0]).append(" ".repeat(width - line[0].length())).append(line[1]).append('\n');
            }
            return text.toString();
        }
    }
}
