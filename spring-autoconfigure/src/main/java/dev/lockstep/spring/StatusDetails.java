package dev.lockstep.spring;

import dev.lockstep.FailedMigration;
import dev.lockstep.LockHolder;
import dev.lockstep.LockstepException;
import dev.lockstep.MigrationFailedException;
import dev.lockstep.RunSummary;
import dev.lockstep.SchemaStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The status as plain JSON-friendly maps, for the health details and the endpoint: strings, numbers and lists only,
 * so the JSON looks the same whatever Jackson configuration the application has. Every text comes from the core,
 * which redacts URLs and never includes a password.
 */
final class StatusDetails {
    private StatusDetails() {}

    static Map<String, Object> of(SchemaStatus status) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", status.state().name());
        putIfPresent(details, "currentVersion", status.currentVersion());
        putIfPresent(details, "targetVersion", status.targetVersion());
        details.put("pendingCount", status.pendingCount());
        details.put("pending", status.pending());
        if (status.failed() != null) {
            details.put("failed", failed(status.failed()));
        }
        if (status.lastRun() != null) {
            details.put("lastRun", run(status.lastRun()));
        }
        if (status.lockHolder() != null) {
            details.put("lockHolder", holder(status.lockHolder()));
        }
        if (!status.message().isEmpty()) {
            details.put("message", status.message());
        }
        details.put("checkedAt", status.checkedAt().toString());
        return details;
    }

    static Map<String, Object> failure(RuntimeException failure) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (!(failure instanceof LockstepException lockstep)) {
            // Not a message the core wrote (and redacted): only its type here, the whole failure is in the log.
            details.put("message", failure.getClass().getName() + "; see the application's log");
            return details;
        }
        details.put("errorCode", lockstep.code().name());
        details.put("message", String.valueOf(lockstep.getMessage()));
        if (lockstep instanceof MigrationFailedException migration && migration.report().failure() != null) {
            details.put("migration", failed(migration.report().failure()));
        }
        return details;
    }

    static Map<String, Object> failed(FailedMigration failed) {
        Map<String, Object> details = new LinkedHashMap<>();
        putIfPresent(details, "version", failed.version());
        details.put("description", failed.description());
        putIfPresent(details, "sqlState", failed.sqlState());
        details.put("message", failed.message());
        details.put("leftChanges", failed.leftChanges());
        return details;
    }

    static Map<String, Object> run(RunSummary run) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("id", run.id());
        details.put("instance", run.instance());
        putIfPresent(details, "host", run.host());
        putIfPresent(details, "appVersion", run.appVersion());
        details.put("startedAt", run.startedAt().toString());
        if (run.duration() != null) {
            details.put("durationMs", run.duration().toMillis());
        }
        details.put("outcome", run.outcome());
        putIfPresent(details, "fromVersion", run.fromVersion());
        putIfPresent(details, "toVersion", run.toVersion());
        details.put("applied", run.applied());
        details.put("lockWaitMs", run.lockWait().toMillis());
        putIfPresent(details, "snapshotId", run.snapshotId());
        // Written by the core with URLs redacted and without passwords.
        putIfPresent(details, "error", run.error());
        return details;
    }

    static Map<String, Object> holder(LockHolder holder) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pid", holder.pid());
        putIfPresent(details, "applicationName", holder.applicationName());
        putIfPresent(details, "clientAddress", holder.clientAddress());
        putIfPresent(details, "state", holder.state());
        if (holder.backendStart() != null) {
            details.put("backendStart", holder.backendStart().toString());
        }
        details.put("waitedMs", holder.waited().toMillis());
        return details;
    }

    private static void putIfPresent(Map<String, Object> details, String key, @Nullable Object value) {
        if (value != null) {
            details.put(key, value);
        }
    }
}
