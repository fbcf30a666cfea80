package dev.lockstep;

import dev.lockstep.internal.connect.Redactor;
import dev.lockstep.internal.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Lockstep's records as views: ordered, unmodifiable maps of strings, numbers, booleans, lists and maps, ready for
 * any JSON library and any Jackson configuration. Every place that shows a status, a run, a snapshot or a failure
 * prints these views (Spring Boot's health details and endpoint, Quarkus' health data, snapshot manifests, JSON for
 * scripts), so the field names are the same everywhere. A value that is not there is left out, never null. Texts
 * come from the core, which redacts URLs and never includes a password.
 *
 * <pre>{@code
 * System.out.println(Views.json(Views.status(lockstep.status())));
 * }</pre>
 */
public final class Views {
    private Views() {}

    /**
     * {@code state}, {@code health}, {@code currentVersion}, {@code targetVersion}, {@code pendingCount},
     * {@code pending}, {@code failed}, {@code lastRun}, {@code lockHolder}, {@code message} (absent when all is
     * well) and {@code checkedAt}.
     */
    public static Map<String, Object> status(SchemaStatus status) {
        Fields view = new Fields();
        view.put("state", status.state().name());
        view.put("health", status.health().name());
        view.put("currentVersion", status.currentVersion());
        view.put("targetVersion", status.targetVersion());
        view.put("pendingCount", status.pendingCount());
        view.put("pending", status.pending());
        view.put("failed", status.failed() == null ? null : failed(status.failed()));
        view.put("lastRun", status.lastRun() == null ? null : run(status.lastRun()));
        view.put("lockHolder", status.lockHolder() == null ? null : lockHolder(status.lockHolder()));
        view.put("message", status.message().isEmpty() ? null : Redactor.redact(status.message()));
        view.put("checkedAt", status.checkedAt().toString());
        return view.done();
    }

    /** {@code version}, {@code description}, {@code sqlState}, {@code message}, {@code leftChanges}. */
    public static Map<String, Object> failed(FailedMigration failed) {
        Fields view = new Fields();
        view.put("version", failed.version());
        view.put("description", failed.description());
        view.put("sqlState", failed.sqlState());
        view.put("message", Redactor.redact(failed.message()));
        view.put("leftChanges", failed.leftChanges());
        return view.done();
    }

    /**
     * A row of the run history: {@code id}, {@code instance}, {@code host}, {@code appVersion}, {@code startedAt},
     * {@code durationMs}, {@code outcome}, {@code fromVersion}, {@code toVersion}, {@code applied},
     * {@code lockWaitMs}, {@code snapshotId}, {@code error}.
     */
    public static Map<String, Object> run(RunSummary run) {
        Fields view = new Fields();
        view.put("id", run.id());
        view.put("instance", run.instance());
        view.put("host", run.host());
        view.put("appVersion", run.appVersion());
        view.put("startedAt", run.startedAt().toString());
        view.put("durationMs", run.duration() == null ? null : run.duration().toMillis());
        view.put("outcome", run.outcome());
        view.put("fromVersion", run.fromVersion());
        view.put("toVersion", run.toVersion());
        view.put("applied", run.applied());
        view.put("lockWaitMs", run.lockWait().toMillis());
        view.put("snapshotId", run.snapshotId());
        view.put("error", run.error() == null ? null : Redactor.redact(run.error()));
        return view.done();
    }

    /**
     * {@code pid}, {@code applicationName}, {@code clientAddress}, {@code state}, {@code backendStart},
     * {@code waitedMs}.
     */
    public static Map<String, Object> lockHolder(LockHolder holder) {
        Fields view = new Fields();
        view.put("pid", holder.pid());
        view.put("applicationName", holder.applicationName());
        view.put("clientAddress", holder.clientAddress());
        view.put("state", holder.state());
        view.put("backendStart", holder.backendStart() == null ? null : holder.backendStart().toString());
        view.put("waitedMs", holder.waited().toMillis());
        return view.done();
    }

    /**
     * A snapshot's manifest: {@code id}, {@code createdAt}, {@code durationMs}, {@code database}, {@code host},
     * {@code serverVersion}, {@code pgDumpVersion}, {@code format}, {@code compression}, {@code fromVersion},
     * {@code targetVersion}, {@code appVersion}, {@code file} (the archive's name in the snapshot storage),
     * {@code sizeBytes}, {@code sha256}, {@code tocEntries}, {@code verified}; and {@code damage}, the reason, for a
     * snapshot that cannot be used. A damaged snapshot's view leaves out what its manifest did not tell (empty text,
     * zero numbers): one whose manifest cannot be read has only {@code id}, {@code createdAt}, {@code database},
     * {@code file}, {@code sizeBytes} when its archive exists, {@code verified} (false) and {@code damage}.
     */
    public static Map<String, Object> snapshot(Snapshot snapshot) {
        Fields view = new Fields();
        boolean damaged = snapshot.isDamaged();
        view.put("id", snapshot.id());
        view.put("createdAt", snapshot.createdAt().toString());
        view.put("durationMs", damaged && snapshot.duration().isZero() ? null : snapshot.duration().toMillis());
        view.put("database", snapshot.database());
        for (Map.Entry<String, String> text : List.of(Map.entry("host", snapshot.host()),
                Map.entry("serverVersion", snapshot.serverVersion()),
                Map.entry("pgDumpVersion", snapshot.pgDumpVersion()), Map.entry("format", snapshot.format()),
                Map.entry("compression", snapshot.compression()))) {
            view.put(text.getKey(), damaged && text.getValue().isEmpty() ? null : text.getValue());
        }
        view.put("fromVersion", snapshot.fromVersion());
        view.put("targetVersion", snapshot.targetVersion());
        view.put("appVersion", snapshot.appVersion());
        view.put("file", String.valueOf(snapshot.file().getFileName()));
        view.put("sizeBytes", damaged && snapshot.sizeBytes() == 0 ? null : snapshot.sizeBytes());
        view.put("sha256", damaged && snapshot.sha256().isEmpty() ? null : snapshot.sha256());
        view.put("tocEntries", damaged && snapshot.tocEntries() == 0 ? null : snapshot.tocEntries());
        view.put("verified", snapshot.verified());
        view.put("damage", damaged ? Redactor.redact(snapshot.damage()) : null);
        return view.done();
    }

    /**
     * What a run did: {@code outcome}, {@code state}, {@code fromVersion}, {@code toVersion}, {@code applied} (each
     * {@code version}, {@code description}, {@code script}, {@code durationMs}), {@code lockWaitMs},
     * {@code durationMs}, {@code failed}, {@code runId}, {@code instance}, {@code snapshot}, {@code snapshotFailure},
     * {@code restored}.
     */
    public static Map<String, Object> report(MigrationReport report) {
        Fields view = new Fields();
        view.put("outcome", report.outcome().name());
        view.put("state", report.state().name());
        view.put("fromVersion", report.fromVersion());
        view.put("toVersion", report.toVersion());
        view.put("applied", report.applied().stream().map(Views::applied).toList());
        view.put("lockWaitMs", report.lockWait().toMillis());
        view.put("durationMs", report.duration().toMillis());
        view.put("failed", report.failure() == null ? null : failed(report.failure()));
        view.put("runId", report.runId());
        view.put("instance", report.instance());
        view.put("snapshot", report.snapshot() == null ? null : snapshot(report.snapshot()));
        view.put("snapshotFailure", report.snapshotFailure() == null ? null : Redactor.redact(report.snapshotFailure()));
        view.put("restored", report.restored());
        return view.done();
    }

    /** {@code version}, {@code description}, {@code script}, {@code durationMs}. */
    public static Map<String, Object> applied(AppliedMigration migration) {
        Fields view = new Fields();
        view.put("version", migration.version());
        view.put("description", migration.description());
        view.put("script", migration.script());
        view.put("durationMs", migration.duration().toMillis());
        return view.done();
    }

    /**
     * A failure: for a {@link LockstepException}, {@code errorCode}, {@code message}, the failed {@code migration}
     * of a {@link MigrationFailedException} and the {@code lockHolder} of a {@link LockTimeoutException}. Any other
     * exception's message was not written (nor redacted) by Lockstep: the view names only its type and points to
     * the log.
     */
    public static Map<String, Object> failure(Throwable failure) {
        Fields view = new Fields();
        if (!(failure instanceof LockstepException lockstep)) {
            view.put("message", failure.getClass().getName() + "; see the application's log");
            return view.done();
        }
        view.put("errorCode", lockstep.code().name());
        view.put("message", Redactor.redact(lockstep.getMessage()));
        if (lockstep instanceof MigrationFailedException migration && migration.report().failure() != null) {
            view.put("migration", failed(migration.report().failure()));
        }
        if (lockstep instanceof LockTimeoutException timeout && timeout.holder() != null) {
            view.put("lockHolder", lockHolder(timeout.holder()));
        }
        return view.done();
    }

    /**
     * A view with its nested fields named by their path, for places that take flat values only (MicroProfile
     * Health's data takes strings, longs and booleans): {@code lastRun.outcome}, {@code failed.sqlState}. Whole
     * numbers become {@code Long}; a list of plain values becomes one comma-separated text ({@code "4,5"}, empty for
     * an empty list); the maps of a list are numbered ({@code applied.0.version}).
     */
    public static Map<String, Object> flat(Map<String, ?> view) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", view, flat);
        return Collections.unmodifiableMap(flat);
    }

    /** A view as indented JSON text, fields in the view's order (for a manifest, a script, a terminal). */
    public static String json(Map<String, ?> view) {
        return Json.write(view);
    }

    /** The text with passwords in URLs and connection parameters masked, as every view prints texts. */
    public static String redacted(@Nullable String text) {
        return Redactor.redact(text);
    }

    private static void flatten(String prefix, Map<?, ?> view, Map<String, Object> flat) {
        view.forEach((name, value) -> flatten(prefix + name, value, flat));
    }

    private static void flatten(String path, Object value, Map<String, Object> flat) {
        if (value instanceof Map<?, ?> nested) {
            flatten(path + ".", nested, flat);
        } else if (value instanceof List<?> list && list.stream().anyMatch(Map.class::isInstance)) {
            for (int i = 0; i < list.size(); i++) {
                flatten(path + "." + i, list.get(i), flat);
            }
        } else if (value instanceof List<?> list) {
            flat.put(path, String.join(",", list.stream().map(String::valueOf).toList()));
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            flat.put(path, ((Number) value).longValue());
        } else if (value instanceof String || value instanceof Boolean) {
            flat.put(path, value);
        } else {
            flat.put(path, String.valueOf(value));
        }
    }

    /** An ordered map that leaves absent values out. */
    private static final class Fields {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        void put(String name, @Nullable Object value) {
            if (value != null) {
                fields.put(name, value instanceof List<?> list ? List.copyOf(list) : value);
            }
        }

        Map<String, Object> done() {
            return Collections.unmodifiableMap(fields);
        }
    }
}
