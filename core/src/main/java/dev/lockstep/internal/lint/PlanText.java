package dev.lockstep.internal.lint;

import dev.lockstep.LintFinding;
import dev.lockstep.MigrationPlan;
import dev.lockstep.ObservedLock;
import dev.lockstep.PlannedMigration;
import dev.lockstep.Severity;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A {@link MigrationPlan} as text for people: what the CLI's {@code plan} prints and the startup log shows. */
public final class PlanText {
    private static final int WIDTH = 116;
    private static final String INDENT = "         ";
    private static final int RULE_WIDTH = Rule.ids().stream().mapToInt(String::length).max().orElse(0);

    private PlanText() {}

    public static String of(MigrationPlan plan) {
        StringBuilder text = new StringBuilder();
        plan.notes().forEach(note -> wrap(text, "", note, ""));
        if (plan.migrations().isEmpty()) {
            text.append("Nothing is pending: the schema is at ")
                    .append(plan.currentVersion() == null ? "<empty>" : "V" + plan.currentVersion()).append(".\n");
            return text.toString();
        }
        for (PlannedMigration migration : plan.migrations()) {
            migration(text, migration);
        }
        text.append(summary(plan)).append('\n');
        return text.toString();
    }

    /** {@code V42 add_status_to_orders.sql}, then each finding, or {@code ok} with the locks the trace saw. */
    private static void migration(StringBuilder text, PlannedMigration migration) {
        text.append(migration.label()).append(' ').append(scriptName(migration.script())).append('\n');
        for (LintFinding finding : migration.findings()) {
            finding(text, finding);
        }
        String locks = migration.locks() == null ? null : locks(migration.locks());
        if (migration.findings().isEmpty()) {
            wrap(text, "  ok     ", locks != null ? "locks: " + locks : migration.analysable() ? "no findings"
                    : "not analysable statically", INDENT);
        } else if (locks != null) {
            wrap(text, INDENT, "locks: " + locks, INDENT);
        }
        migration.notes().forEach(note -> wrap(text, "  note   ", note, INDENT));
    }

    /**
     * {@code ERROR  rewrite-under-exclusive-lock  orders (12.4 M rows, 3.1 GB): message}, then the safe alternative,
     * and the reason when a comment allows it.
     */
    static void finding(StringBuilder text, LintFinding finding) {
        String head = "  " + pad(finding.severity().name(), 7) + pad(finding.rule(), RULE_WIDTH + 2);
        String subject = finding.relation() == null ? "" : finding.relation() + size(finding) + ": ";
        wrap(text, head, subject + sentence(finding.message()), INDENT);
        wrap(text, INDENT, "Instead: " + sentence(finding.safeAlternative()), INDENT);
        if (finding.suppressed()) {
            wrap(text, INDENT, "Allowed by -- lockstep:allow " + finding.rule() + ": " + finding.suppressionReason(),
                    INDENT);
        }
    }

    /** {@code 2 findings: 1 ERROR, 1 WARN; 1 blocks lint.policy=fail (ERROR, not allowed).} */
    static String summary(MigrationPlan plan) {
        List<LintFinding> findings = plan.findings();
        if (findings.isEmpty()) {
            return "No findings.";
        }
        String counts = Arrays.stream(Severity.values()).sorted(Comparator.reverseOrder())
                .map(severity -> findings.stream().filter(f -> f.severity() == severity).count() + " " + severity)
                .filter(count -> !count.startsWith("0 ")).collect(Collectors.joining(", "));
        long allowed = findings.stream().filter(LintFinding::suppressed).count();
        int blocking = plan.blocking().size();
        return findings.size() + (findings.size() == 1 ? " finding: " : " findings: ") + counts
                + (allowed == 0 ? "" : "; " + allowed + " allowed by -- lockstep:allow")
                + (blocking == 0 ? "; none blocks lint.policy=fail." : "; " + blocking + (blocking == 1 ? " blocks"
                        : " block") + " lint.policy=fail (ERROR, not allowed).");
    }

    private static String locks(List<ObservedLock> locks) {
        return locks.isEmpty() ? "none held at its end (it ran outside a transaction, or locked no existing table)"
                : locks.stream().map(lock -> lock.relation() + " " + lock.mode()).collect(Collectors.joining(", "));
    }

    /** {@code V42__add_status_to_orders.sql} is shown as {@code add_status_to_orders.sql}. */
    private static String scriptName(String script) {
        String file = script.substring(script.lastIndexOf('/') + 1);
        int separator = file.indexOf("__");
        return separator < 0 ? file : file.substring(separator + 2);
    }

    private static String size(LintFinding finding) {
        if (finding.rows() == null && finding.bytes() == null) {
            return "";
        }
        String rows = finding.rows() == null ? "rows unknown" : rows(finding.rows());
        return " (" + rows + (finding.bytes() == null ? "" : ", " + bytes(finding.bytes())) + ")";
    }

    static String rows(long rows) {
        if (rows < 1000) {
            return rows + (rows == 1 ? " row" : " rows");
        }
        return scaled(rows, 1000, new String[] {"k", "M", "G", "T"}) + " rows";
    }

    static String bytes(long bytes) {
        return bytes < 1024 ? bytes + " B" : scaled(bytes, 1024, new String[] {"kB", "MB", "GB", "TB"});
    }

    private static String scaled(long value, int base, String[] units) {
        double scaled = value;
        int unit = -1;
        while (scaled >= base && unit < units.length - 1) {
            scaled /= base;
            unit++;
        }
        String number = scaled < 100 ? String.format(Locale.ROOT, "%.1f", scaled)
                : String.format(Locale.ROOT, "%.0f", scaled);
        return number + " " + units[unit];
    }

    private static String sentence(String text) {
        String trimmed = text.strip();
        return trimmed.endsWith(".") ? trimmed : trimmed + ".";
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }

    /** Appends {@code first + text}, wrapped at {@value #WIDTH} columns, later lines starting with {@code next}. */
    private static void wrap(StringBuilder out, String first, String text, String next) {
        StringBuilder line = new StringBuilder(first);
        boolean empty = true;
        for (String word : text.split(" ")) {
            if (!empty && line.length() + 1 + word.length() > WIDTH) {
                out.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder(next);
            } else if (!empty) {
                line.append(' ');
            }
            line.append(word);
            empty = false;
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
