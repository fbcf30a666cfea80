package dev.lockstep.internal.lint;

import dev.lockstep.LintFinding;
import dev.lockstep.Severity;
import dev.lockstep.Views;
import dev.lockstep.internal.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Findings as the run history stores them: a JSON array of {@link Views#finding} views, read back into
 * {@link LintFinding}s. A field a later Lockstep adds is ignored; one that is missing takes its neutral value.
 */
public final class Findings {
    private Findings() {}

    public static String toJson(List<LintFinding> findings) {
        return Json.writeArray(findings.stream().map(Views::finding).toList());
    }

    /** The findings in {@code json}; empty for null or text that is no such array. */
    public static List<LintFinding> fromJson(@Nullable String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        List<LintFinding> findings = new ArrayList<>();
        try {
            for (Object element : Json.readArray(json)) {
                if (element instanceof Map<?, ?> view) {
                    findings.add(finding(view));
                }
            }
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        return findings;
    }

    private static LintFinding finding(Map<?, ?> view) {
        Severity severity;
        try {
            severity = Severity.valueOf(text(view, "severity", "WARN"));
        } catch (IllegalArgumentException e) {
            severity = Severity.WARN;
        }
        Long line = number(view, "line");
        return new LintFinding(optional(view, "version"), text(view, "script", ""), text(view, "rule", ""), severity,
                optional(view, "relation"), number(view, "rows"), number(view, "bytes"), text(view, "message", ""),
                text(view, "safeAlternative", ""), line == null ? 0 : line.intValue(),
                Boolean.TRUE.equals(view.get("observed")), Boolean.TRUE.equals(view.get("suppressed")),
                optional(view, "suppressionReason"));
    }

    private static String text(Map<?, ?> view, String field, String otherwise) {
        Object value = view.get(field);
        return value instanceof String text ? text : otherwise;
    }

    private static @Nullable String optional(Map<?, ?> view, String field) {
        Object value = view.get(field);
        return value instanceof String text ? text : null;
    }

    private static @Nullable Long number(Map<?, ?> view, String field) {
        Object value = view.get(field);
        return value instanceof Number number ? number.longValue() : null;
    }
}
