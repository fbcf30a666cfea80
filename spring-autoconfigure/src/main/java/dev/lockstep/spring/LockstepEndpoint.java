package dev.lockstep.spring;

import dev.lockstep.Lockstep;
import dev.lockstep.LockstepException;
import dev.lockstep.MigrationReport;
import dev.lockstep.Views;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/lockstep}, read-only: the schema status, how the startup run went, the newest runs of the run
 * history and the kept snapshots with their manifests, each as the core's view ({@link Views}). Where Lockstep steps
 * aside (the migration's database is not PostgreSQL), only the reason ({@code message}) and the startup. Nothing here
 * can change the database; snapshots and restores are operations for the {@code lockstep snapshots} command and the
 * runbook. No password appears: the core redacts every URL and message.
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
        Optional<String> steppedAside = startup == null ? Optional.empty() : startup.steppedAside();
        if (startup != null && steppedAside.isPresent()) {
            body.put("message", steppedAside.get());
            body.put("startup", startup(startup));
            return body;
        }
        body.put("status", Views.status(lockstep.status()));
        if (startup != null) {
            body.put("startup", startup(startup));
        }
        try {
            body.put("runs", lockstep.recentRuns(RECENT_RUNS).stream().map(Views::run).toList());
        } catch (LockstepException e) {
            // The core's message names the database and redacts secrets.
            body.put("runs", List.of());
            body.put("runsError", Views.redacted(e.getMessage()));
        }
        try {
            body.put("snapshots", lockstep.snapshots().list().stream().map(Views::snapshot).toList());
        } catch (LockstepException e) {
            body.put("snapshots", List.of());
            body.put("snapshotsError", Views.redacted(e.getMessage()));
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
            details.put("report", Views.report(report));
        }
        RuntimeException failure = startup.failure();
        if (failure != null) {
            details.put("failure", Views.failure(failure));
        }
        return details;
    }
}
