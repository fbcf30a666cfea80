package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The views every adapter prints: each field with its name and JSON-ready type, in order; absent values left out,
 * never null; nested views where the record nests; no view can be changed by its reader.
 */
class ViewsTest {
    static final Instant CHECKED = Instant.parse("2026-11-22T08:20:08.002741006Z");
    static final Instant STARTED = Instant.parse("2026-11-22T08:20:02.126200Z");
    static final OffsetDateTime BACKEND_START = OffsetDateTime.of(2026, 11, 22, 8, 19, 0, 0, ZoneOffset.UTC);

    static final FailedMigration FAILED = new FailedMigration("4", "broken", "42P01",
            "ERROR: relation \"no_such_table\" does not exist", false);
    static final RunSummary RUN = new RunSummary(7, "web-1:12", STARTED, Duration.ofMillis(3121), "MIGRATED", "3", "6",
            "lockstep-shop-20261122t082003z-v3-to-v6", "web-1", "2.0.0", 3, Duration.ofMillis(2), "no pg_dump");
    static final LockHolder HOLDER = new LockHolder(4711, "lockstep:web-2:13", "10.0.0.7", BACKEND_START, "active",
            Duration.ofMillis(1500));
    static final Snapshot SNAPSHOT = new Snapshot("lockstep-shop-20261122t082003z-v3-to-v6",
            Instant.parse("2026-11-22T08:20:03.752041072Z"), Duration.ofMillis(550), "shop", "db.internal",
            "15.18", "pg_dump (PostgreSQL) 15.18", "custom", "gzip:1", "3", "6", "2.0.0",
            Path.of("/var/lib/shop/snapshots/lockstep-shop-20261122t082003z-v3-to-v6.dump"), 936,
            "8797884a3ef4ccd22ee9ce4974722f62de85eb358b5a5bfa9f300bdd0494aa39", 12, true);

    @Test
    void statusHasEveryFieldInOrderWithNestedViews() {
        SchemaStatus status = new SchemaStatus(SchemaState.FAILED, Health.DOWN, "3", "6", List.of("4", "5", "6"),
                FAILED, RUN, HOLDER, "Migration V4 failed.", CHECKED);

        Map<String, Object> view = Views.status(status);

        assertThat(view).containsExactly(entry("state", "FAILED"), entry("health", "DOWN"),
                entry("currentVersion", "3"), entry("targetVersion", "6"), entry("pendingCount", 3),
                entry("pending", List.of("4", "5", "6")), entry("failed", Views.failed(FAILED)),
                entry("lastRun", Views.run(RUN)), entry("lockHolder", Views.lockHolder(HOLDER)),
                entry("message", "Migration V4 failed."), entry("checkedAt", "2026-11-22T08:20:08.002741006Z"));
    }

    @Test
    void statusLeavesOutWhatIsNotThere() {
        SchemaStatus status = new SchemaStatus(SchemaState.PENDING, Health.OUT_OF_SERVICE, null, "1", List.of("1"),
                null, null, null, "", CHECKED);

        Map<String, Object> view = Views.status(status);

        assertThat(view).containsOnlyKeys("state", "health", "targetVersion", "pendingCount", "pending", "checkedAt")
                .doesNotContainValue(null);
        assertThat(Views.json(view)).doesNotContain("null");
    }

    @Test
    void anUpToDateStatusKeepsAnEmptyPendingList() {
        Map<String, Object> view = Views.status(new SchemaStatus(SchemaState.UP_TO_DATE, Health.UP, "6", "6", List.of(),
                null, null, null, "", CHECKED));

        assertThat(view).containsEntry("pendingCount", 0).containsEntry("pending", List.of());
    }

    @Test
    void failedMigration() {
        assertThat(Views.failed(FAILED)).containsExactly(entry("version", "4"), entry("description", "broken"),
                entry("sqlState", "42P01"), entry("message", "ERROR: relation \"no_such_table\" does not exist"),
                entry("leftChanges", false));
        assertThat(Views.failed(new FailedMigration(null, "refresh views", null, "failed", true)))
                .containsExactly(entry("description", "refresh views"), entry("message", "failed"),
                        entry("leftChanges", true));
    }

    @Test
    void run() {
        assertThat(Views.run(RUN)).containsExactly(entry("id", 7L), entry("instance", "web-1:12"),
                entry("host", "web-1"), entry("appVersion", "2.0.0"), entry("startedAt", "2026-11-22T08:20:02.126200Z"),
                entry("durationMs", 3121L), entry("outcome", "MIGRATED"), entry("fromVersion", "3"),
                entry("toVersion", "6"), entry("applied", 3), entry("lockWaitMs", 2L),
                entry("snapshotId", "lockstep-shop-20261122t082003z-v3-to-v6"), entry("error", "no pg_dump"));
        RunSummary running = new RunSummary(8, "web-1:12", STARTED, null, "RUNNING", null, null, null, null, null, 0,
                Duration.ZERO, null);
        assertThat(Views.run(running)).containsExactly(entry("id", 8L), entry("instance", "web-1:12"),
                entry("startedAt", "2026-11-22T08:20:02.126200Z"), entry("outcome", "RUNNING"), entry("applied", 0),
                entry("lockWaitMs", 0L));
    }

    @Test
    void lockHolder() {
        assertThat(Views.lockHolder(HOLDER)).containsExactly(entry("pid", 4711),
                entry("applicationName", "lockstep:web-2:13"), entry("clientAddress", "10.0.0.7"),
                entry("state", "active"), entry("backendStart", "2026-11-22T08:19Z"), entry("waitedMs", 1500L));
        assertThat(Views.lockHolder(new LockHolder(1, null, null, null, null, Duration.ofMillis(5))))
                .containsExactly(entry("pid", 1), entry("waitedMs", 5L));
    }

    @Test
    void snapshotHasTheManifestFieldsAndNamesItsArchiveWithoutTheDirectory() {
        assertThat(Views.snapshot(SNAPSHOT)).containsExactly(entry("id", "lockstep-shop-20261122t082003z-v3-to-v6"),
                entry("createdAt", "2026-11-22T08:20:03.752041072Z"), entry("durationMs", 550L),
                entry("database", "shop"), entry("host", "db.internal"), entry("serverVersion", "15.18"),
                entry("pgDumpVersion", "pg_dump (PostgreSQL) 15.18"), entry("format", "custom"),
                entry("compression", "gzip:1"), entry("fromVersion", "3"), entry("targetVersion", "6"),
                entry("appVersion", "2.0.0"), entry("file", "lockstep-shop-20261122t082003z-v3-to-v6.dump"),
                entry("sizeBytes", 936L),
                entry("sha256", "8797884a3ef4ccd22ee9ce4974722f62de85eb358b5a5bfa9f300bdd0494aa39"),
                entry("tocEntries", 12), entry("verified", true));
    }

    @Test
    void reportWithItsAppliedMigrationsAndSnapshot() {
        MigrationReport report = new MigrationReport(Outcome.MIGRATED, SchemaState.UP_TO_DATE, null, "2",
                List.of(new AppliedMigration("1", "customers", "V1__customers.sql", Duration.ofMillis(12)),
                        new AppliedMigration(null, "views", "R__views.sql", Duration.ofMillis(3))),
                Duration.ofMillis(40), Duration.ofMillis(900), null, 3L, "web-1:12", SNAPSHOT, null, false);

        assertThat(Views.report(report)).containsExactly(entry("outcome", "MIGRATED"), entry("state", "UP_TO_DATE"),
                entry("toVersion", "2"), entry("applied", List.of(
                        Map.of("version", "1", "description", "customers", "script", "V1__customers.sql",
                                "durationMs", 12L),
                        Map.of("description", "views", "script", "R__views.sql", "durationMs", 3L))),
                entry("lockWaitMs", 40L), entry("durationMs", 900L), entry("runId", 3L), entry("instance", "web-1:12"),
                entry("snapshot", Views.snapshot(SNAPSHOT)), entry("restored", false), entry("findings", List.of()));
        assertThat(Views.applied(report.applied().get(0)).keySet())
                .containsExactly("version", "description", "script", "durationMs");
    }

    @Test
    void aFailedReportNamesTheMigrationAndWhyNoSnapshotWasTaken() {
        MigrationReport report = new MigrationReport(Outcome.FAILED, SchemaState.FAILED, "3", "3", List.of(),
                Duration.ZERO, Duration.ofMillis(10), FAILED, 4L, "web-1:12", null, "pg_dump not found", true);

        assertThat(Views.report(report)).containsEntry("failed", Views.failed(FAILED))
                .containsEntry("snapshotFailure", "pg_dump not found").containsEntry("restored", true)
                .doesNotContainKey("snapshot");
    }

    @Test
    void failureOfEachKind() {
        MigrationReport report = new MigrationReport(Outcome.FAILED, SchemaState.FAILED, "3", "3", List.of(),
                Duration.ZERO, Duration.ZERO, FAILED, null, "web-1:12", null, null, false);

        assertThat(Views.failure(new MigrationFailedException(ErrorCode.MIGRATION_FAILED, "Migration V4 failed.",
                report, null))).containsExactly(entry("errorCode", "MIGRATION_FAILED"),
                        entry("message", "Migration V4 failed."), entry("migration", Views.failed(FAILED)));
        assertThat(Views.failure(new LockTimeoutException("Gave up waiting.", HOLDER))).containsExactly(
                entry("errorCode", "LOCK_TIMEOUT"), entry("message", "Gave up waiting."),
                entry("lockHolder", Views.lockHolder(HOLDER)));
        assertThat(Views.failure(new LockstepException(ErrorCode.LOCK_LOST, "Lost the lock.")))
                .containsExactly(entry("errorCode", "LOCK_LOST"), entry("message", "Lost the lock."));
        assertThat(Views.failure(new IllegalStateException("jdbc:postgresql://db/shop?password=s3cret")))
                .containsExactly(entry("message", "java.lang.IllegalStateException; see the application's log"));
    }

    @Test
    void textsAreRedactedAgainWhateverTheirSource() {
        FailedMigration failed = new FailedMigration("1", "x", null, "cannot reach jdbc:postgresql://app:s3cret@db/shop",
                false);
        LockstepException failure = new LockstepException(ErrorCode.DATABASE_ERROR,
                "jdbc:postgresql://db/shop?user=app&password=s3cret failed", new SQLException("s3cret"));

        assertThat(Views.json(Views.failed(failed))).contains("app:***@db").doesNotContain("s3cret");
        assertThat(Views.json(Views.failure(failure))).contains("password=***").doesNotContain("s3cret");
        assertThat(Views.redacted("jdbc:postgresql://db/shop?password=s3cret")).isEqualTo("jdbc:postgresql://db/shop?password=***");
    }

    @Test
    void viewsCannotBeChanged() {
        Map<String, Object> view = Views.status(new SchemaStatus(SchemaState.FAILED, Health.DOWN, "3", "6",
                List.of("4"), FAILED, RUN, HOLDER, "", CHECKED));

        assertThatThrownBy(() -> view.put("state", "UP_TO_DATE")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) view.get("pending")).clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Map<?, ?>) view.get("lastRun")).clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void flatNamesNestedFieldsByTheirPathWithLongsAndTexts() {
        SchemaStatus status = new SchemaStatus(SchemaState.WAITING_FOR_LOCK, Health.OUT_OF_SERVICE, "3", "6",
                List.of("4", "5"), null, RUN, HOLDER, "Waiting.", CHECKED);

        Map<String, Object> flat = Views.flat(Views.status(status));

        assertThat(flat).containsEntry("state", "WAITING_FOR_LOCK").containsEntry("pendingCount", 2L)
                .containsEntry("pending", "4,5").containsEntry("lastRun.id", 7L)
                .containsEntry("lastRun.outcome", "MIGRATED").containsEntry("lastRun.durationMs", 3121L)
                .containsEntry("lockHolder.pid", 4711L).containsEntry("lockHolder.applicationName", "lockstep:web-2:13")
                .containsEntry("checkedAt", "2026-11-22T08:20:08.002741006Z");
        assertThat(flat.values()).allSatisfy(value -> assertThat(value).isInstanceOfAny(String.class, Long.class,
                Boolean.class));
        assertThat(List.copyOf(flat.keySet()).subList(0, 8)).containsExactly("state", "health", "currentVersion",
                "targetVersion", "pendingCount", "pending", "lastRun.id", "lastRun.instance");
        assertThat(Views.flat(Map.of("pending", List.of()))).containsExactly(entry("pending", ""));
        assertThat(Views.flat(Views.report(new MigrationReport(Outcome.MIGRATED, SchemaState.UP_TO_DATE, null, "1",
                List.of(new AppliedMigration("1", "customers", "V1__customers.sql", Duration.ofMillis(12))),
                Duration.ZERO, Duration.ZERO, null, null, "web-1:12", null, null, false))))
                .containsEntry("applied.0.version", "1").containsEntry("applied.0.durationMs", 12L);
    }

    @Test
    void jsonIsIndentedInTheViewsOrder() {
        Map<String, Object> view = Views.status(new SchemaStatus(SchemaState.UP_TO_DATE, Health.UP, "6", "6",
                List.of(), null, new RunSummary(1, "vm:1", STARTED, null, "RUNNING", null, null, null, null, null, 0,
                        Duration.ZERO, null), null, "", CHECKED));

        assertThat(Views.json(view)).isEqualTo("""
                {
                  "state": "UP_TO_DATE",
                  "health": "UP",
                  "currentVersion": "6",
                  "targetVersion": "6",
                  "pendingCount": 0,
                  "pending": [],
                  "lastRun": {
                    "id": 1,
                    "instance": "vm:1",
                    "startedAt": "2026-11-22T08:20:02.126200Z",
                    "outcome": "RUNNING",
                    "applied": 0,
                    "lockWaitMs": 0
                  },
                  "checkedAt": "2026-11-22T08:20:08.002741006Z"
                }""");
        assertThat(Views.json(Map.of("pending", List.of("4", "5")))).isEqualTo("""
                {
                  "pending": [
                    "4",
                    "5"
                  ]
                }""");
    }
}
