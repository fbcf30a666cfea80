package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import dev.lockstep.testsupport.TestLogs;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run history is bookkeeping: a user who may migrate but not write {@code lockstep_runs} migrates all the same,
 * and the warning names the GRANT.
 */
@PostgresTest
class RunHistoryPrivilegeTest {
    private final TestDatabase db;
    @RegisterExtension
    final TestLogs logs = new TestLogs();
    @TempDir
    Path dir;

    RunHistoryPrivilegeTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void aUserWhoMayNotWriteTheRunHistoryStillMigratesAndIsToldTheGrant() {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate(); // the owner creates flyway_schema_history and lockstep_runs
        migrations.add("V4__notes.sql", "CREATE TABLE notes (id bigint);");
        try (Roles app = Roles.create(db, "no_runs")) {
            app.admin("GRANT CREATE ON SCHEMA public TO " + app.name,
                    "GRANT SELECT, INSERT, UPDATE, DELETE ON flyway_schema_history TO " + app.name,
                    "GRANT SELECT, REFERENCES ON customers, orders TO " + app.name);

            MigrationReport report = Lockstep.configure(app.dataSource()).flyway(f -> f.locations(migrations.location()))
                    .set(LockstepSettings.SNAPSHOT_ENABLED, false).build().migrate();

            assertThat(report.applied()).extracting(AppliedMigration::version).containsExactly("4");
            assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE version = '4' AND success"))
                    .isEqualTo(1);
            assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                    .contains("could not record the run in lockstep_runs (the migrations are recorded in Flyway's"
                            + " history all the same)")
                    .contains("permission denied for table lockstep_runs")
                    .contains("GRANT SELECT, INSERT, UPDATE, DELETE ON \"lockstep_runs\" TO <user>"));
        }
    }
}
