package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.Lockstep;
import dev.lockstep.Views;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/lockstep} migrates from {@code --locations}, and what {@code status}, {@code history} and
 * {@code validate} print is what the API says, field for field in JSON.
 */
@PostgresTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrateIT {
    private final TestDatabase db;
    @TempDir
    static Path dir;
    Path migrations;
    Path snapshots;

    MigrateIT(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void migrationsOnDisk() {
        Cli.assertLauncherBuilt();
        migrations = dir.resolve("db/migration");
        if (!Files.isDirectory(migrations)) {
            Cli.migrations("shop", migrations);
        }
        snapshots = dir.resolve("snapshots");
    }

    @Test
    @Order(1)
    void statusOfAnEmptySchemaIsPendingAndValidateExitsSeven() {
        Cli.Result status = cli("status").run();
        Cli.Result validate = cli("validate").run();

        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.stdout()).contains("State:").contains("PENDING (health OUT_OF_SERVICE)")
                .contains("Pending:  3: v1, v2, v3");
        assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(7);
        assertThat(validate.stderr()).contains("lockstep: PENDING_MIGRATIONS: ")
                .contains("mode=validate found 3 pending migration(s)");
        assertThat(cli("status", "--fail-on-pending").run().exitCode()).isEqualTo(7);
    }

    @Test
    @Order(2)
    void migrateAppliesTheMigrationsFromTheLocationsAfterASnapshot() {
        Cli.Result result = cli("migrate").run();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).startsWith("MIGRATED <empty> -> v3 (3 applied) in ")
                .containsPattern("v1\\s+customers\\s+\\d+ ms").containsPattern("v3\\s+customer email\\s+\\d+ ms")
                .contains("Snapshot:  lockstep-" + db.name());
        assertThat(result.stderr()).as("quiet by default").isEmpty();
        assertThat(db.queryColumn("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                .containsExactly("1", "2", "3");
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_name = 'customers'"
                + " AND column_name = 'email'")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void statusJsonIsTheApisViewAndValidatePassesOnceMigrated() throws Exception {
        Cli.Result status = cli("status", "--json").run();
        Map<String, Object> printed = Json.parse(status.stdout());
        Map<String, Object> api = Json.parse(Views.json(Views.status(api().status())));

        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(withoutCheckedAt(printed)).isEqualTo(withoutCheckedAt(api));
        assertThat(printed).containsEntry("state", "UP_TO_DATE").containsEntry("currentVersion", "3")
                .containsKey("checkedAt");
        assertThat(cli("validate").run().exitCode()).isZero();
        assertThat(cli("status", "--fail-on-pending").run().exitCode()).isZero();
    }

    @Test
    @Order(4)
    void historyListsTheRunAsTheApiDoes() throws Exception {
        Cli.Result text = cli("history").run();
        Cli.Result json = cli("history", "--json", "--limit", "5").run();

        List<?> runs = (List<?>) Json.parse(json.stdout()).get("runs");
        List<Object> api = api().recentRuns(5).stream().map(run -> (Object) Json.parse(Views.json(Views.run(run))))
                .toList();
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(runs).hasSize(1).isEqualTo(api);
        assertThat(text.exitCode()).as(text.toString()).isZero();
        assertThat(text.stdout()).containsPattern("ID\\s+STARTED\\s+OUTCOME\\s+VERSIONS")
                .containsPattern("1\\s+\\S+ \\S+\\s+MIGRATED\\s+<empty> -> v3\\s+3\\s");
    }

    @Test
    @Order(5)
    void aSecondMigrateFindsNothingPending() {
        Cli.Result result = cli("migrate", "--json").run();

        Map<String, Object> report = Json.parse(result.stdout());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(report).containsEntry("outcome", "UP_TO_DATE").containsEntry("toVersion", "3")
                .containsEntry("applied", List.of());
        assertThat(Files.exists(snapshots)).isTrue();
    }

    @Test
    @Order(6)
    void verboseLogsLockstepsLifecycleLinesOnStderrOnly() {
        Cli.Result result = cli("migrate", "--json", "--verbose").run();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO LockedRun - \\["
                + db.name() + "/public\\] schema is at V3: nothing to migrate");
        assertThat(Json.parse(result.stdout())).containsEntry("outcome", "UP_TO_DATE");
    }

    private Cli cli(String... args) {
        return Cli.lockstep(db, args).args("--locations", "filesystem:" + migrations,
                "--set", "snapshot.directory=" + snapshots);
    }

    private Lockstep api() {
        return Lockstep.configure(db.dataSource()).flyway(f -> f.locations("filesystem:" + migrations))
                .set(dev.lockstep.LockstepSettings.SNAPSHOT_DIRECTORY, snapshots).build();
    }

    private static Map<String, Object> withoutCheckedAt(Map<String, Object> view) {
        Map<String, Object> copy = new LinkedHashMap<>(view);
        copy.remove("checkedAt");
        return copy;
    }
}
