package dev.lockstep.spring;

import dev.lockstep.Lockstep;
import dev.lockstep.LockstepException;
import dev.lockstep.MigrationReport;
import dev.lockstep.Snapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/lockstep}, read-only: the schema status, how the startup run went, the newest runs of the run
 * history and the kept snapshots with their manifests. Nothing here can change the database; snapshots and restores
 * are operations for the CLI and the runbook. No password appears: the core redacts every URL and message.
 */
@Endpoint(id = "lockstep", defaultAccess = Access.READ_ONLY)
public class LockstepEndpoint {
    static final int RECENT_RUNS = 10;

    private final Lockstep lockstep;
    private final @Nullable LockstepStartup startup;

    public LockstepEndpoint(Lockstep lockstep, @Nullable LockstepStartup startup) {
        this.lockstep = lockstep;
        this.startup = startup;
    }

    @ReadOperation
    public Map<String, Object> lockstep() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", StatusDetails.of(lockstep.status()));
        if (startup != null) {
            body.put("startup", startup(startup));
        }
        try {
            body.put("runs", lockstep.recentRuns(RECENT_RUNS).stream().map(StatusDetails::run).toList());
        } catch (LockstepException e) {
            // The core's message names the database and redacts secrets.
            body.put("runs", List.of());
            body.put("runsError", e.getMessage());
        }
        try {
            body.put("snapshots", lockstep.snapshots().list().stream().map(LockstepEndpoint::snapshot).toList());
        } catch (LockstepException e) {
            body.put("snapshots", List.of());
            body.put("snapshotsError", e.getMessage());
        }
        return body;
    }

    private static Map<String, Object> startup(LockstepStartup startup) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mode", startup.startup().name().toLowerCase(Locale.ROOT));
        details.put("phase", startup.phase().name());
        MigrationReport report = startup.report();
        if (report != null) {
            details.put("summary", report.summary());
        }
        RuntimeException failure = startup.failure();
        if (failure != null) {
            details.put("failure", StatusDetails.failure(failure));
        }
        return details;
    }

    private static Map<String, Object> snapshot(Snapshot snapshot) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("id", snapshot.id());
        details.put("createdAt", snapshot.createdAt().toString());
        details.put("durationMs", snapshot.duration().toMillis());
        details.put("database", snapshot.database());
        details.put("host", snapshot.host());
        details.put("serverVersion", snapshot.serverVersion());
        details.put("pgDumpVersion", snapshot.pgDumpVersion());
        details.put("format", snapshot.format());
        details.put("compression", snapshot.compression());
        if (snapshot.fromVersion() != null) {
            details.put("fromVersion", snapshot.fromVersion());
        }
        if (snapshot.targetVersion() != null) {
            details.put("targetVersion", snapshot.targetVersion());
        }
        if (snapshot.appVersion() != null) {
            details.put("appVersion", snapshot.appVersion());
        }
        details.put("file", snapshot.file().toString());
        details.put("sizeBytes", snapshot.sizeBytes());
        details.put("sha256", snapshot.sha256());
        details.put("tocEntries", snapshot.tocEntries());
        details.put("verified", snapshot.verified());
        return details;
    }
}
