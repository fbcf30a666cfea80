package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ten bin/lockstep migrate processes started together on an empty database: each migration is applied once. */
@PostgresTest
class ConcurrentMigrateIT {
    private static final int PROCESSES = 10;

    private final TestDatabase db;
    @TempDir
    Path dir;

    ConcurrentMigrateIT(TestDatabase db) {
        this.db = db;
    }

    @Test
    void tenProcessesApplyEachMigrationOnce() {
        Cli.assertLauncherBuilt();
        Path migrations = Cli.migrations("shop", dir.resolve("migrations"));
        List<Cli.Running> running = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            running.add(Cli.lockstep(db, "migrate", "--json", "--locations", "filesystem:" + migrations,
                    "--set", "snapshot.directory=" + dir.resolve("snapshots")).start());
        }
        List<Cli.Result> results = running.stream().map(run -> run.waitFor(Duration.ofMinutes(3))).toList();

        assertThat(results).allSatisfy(result -> assertThat(result.exitCode()).as(result.toString()).isZero());
        assertThat(results).extracting(result -> Json.parse(result.stdout()).get("outcome"))
                .containsOnly("MIGRATED", "UP_TO_DATE").containsOnlyOnce("MIGRATED");
        assertThat(db.queryColumn("SELECT version || ':' || success FROM flyway_schema_history ORDER BY installed_rank"))
                .containsExactly("1:true", "2:true", "3:true");
        assertThat(db.queryLong("SELECT count(*) FROM lockstep_runs WHERE outcome = 'MIGRATED'")).isEqualTo(1);
    }
}
