package dev.lockstep;

import static dev.lockstep.LockstepSettings.MIGRATION_LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.MIGRATION_STATEMENT_TIMEOUT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_ENABLED;
import static dev.lockstep.SchemaState.UP_TO_DATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.internal.flyway.FlywaySupport;
import dev.lockstep.spi.MigrationListener;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import dev.lockstep.testsupport.TestLogs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@PostgresTest
class MigrateTest {
    private final TestDatabase db;
    @TempDir
    Path dir;
    @RegisterExtension
    final TestLogs logs = new TestLogs();

    MigrateTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void appliesPendingMigrationsAndReportsThem() {
        MigrationReport report = Migrations.standard(dir).lockstep(db).build().migrate();

        assertThat(report.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(report.state()).isEqualTo(UP_TO_DATE);
        assertThat(report.fromVersion()).isNull();
        assertThat(report.toVersion()).isEqualTo("3");
        assertThat(report.applied()).extracting(AppliedMigration::version).containsExactly("1", "2", "3");
        assertThat(report.applied()).extracting(AppliedMigration::description)
                .containsExactly("customers", "orders", "orders by customer");
        assertThat(report.runId()).isNotNull();
        assertThat(report.summary()).startsWith("MIGRATED <empty> -> v3 (3 applied)");
        assertThat(db.queryLong("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(3);
        assertThat(db.queryString("SELECT to_regclass('orders_by_customer')::text")).isEqualTo("orders_by_customer");
    }

    @Test
    void recentRunsListTheRunHistoryNewestFirst() {
        Migrations migrations = Migrations.standard(dir);
        assertThat(migrations.lockstep(db).build().recentRuns(5)).isEmpty();
        migrations.lockstep(db).instanceName("web-1").appVersion("1.0").build().migrate();
        migrations.add("V4__customer_email.sql", "ALTER TABLE customers ADD COLUMN email text;");
        Lockstep second = migrations.lockstep(db).instanceName("web-2").appVersion("1.1").build();
        second.migrate();

        List<RunSummary> runs = second.recentRuns(5);

        assertThat(runs).extracting(RunSummary::instance, RunSummary::appVersion, RunSummary::outcome,
                RunSummary::fromVersion, RunSummary::toVersion, RunSummary::applied)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web-2", "1.1", "MIGRATED", "3", "4", 1),
                        org.assertj.core.groups.Tuple.tuple("web-1", "1.0", "MIGRATED", null, "3", 3));
        assertThat(runs.get(0).host()).isNotBlank();
        assertThat(runs.get(0).duration()).isNotNull();
        assertThat(runs.get(0).error()).isNull();
        assertThat(second.recentRuns(1)).containsExactly(runs.get(0));
    }

    @Test
    void secondInstanceFindsNothingPendingAndStartsNoMigration() {
        Migrations migrations = Migrations.standard(dir);
        var first = migrations.lockstep(db).build().migrate();
        List<String> started = new CopyOnWriteArrayList<>();
        var second = migrations.lockstep(db).listener(new MigrationListener() {
            @Override
            public void migrationStarting(String version, String description) {
                started.add(version);
            }
        }).build().migrate();

        assertThat(first.applied()).hasSize(3);
        assertThat(second.applied()).isEmpty();
        assertThat(second.outcome()).isEqualTo(Outcome.UP_TO_DATE);
        assertThat(second.state()).isEqualTo(UP_TO_DATE);
        assertThat(second.fromVersion()).isEqualTo("3");
        assertThat(second.runId()).isNull();
        assertThat(started).isEmpty();
        assertThat(db.queryLong("SELECT count(*) FROM lockstep_runs")).isEqualTo(1);
    }

    @Test
    void recordsTheRunInLockstepRuns() {
        var report = Migrations.standard(dir).lockstep(db).instanceName("web-1").appVersion("2.4.0").build().migrate();

        assertThat(db.queryString("SELECT instance || ' ' || app_version || ' ' || outcome || ' ' || coalesce(from_version, '-')"
                + " || ' ' || to_version || ' ' || applied FROM lockstep_runs WHERE id = " + report.runId()))
                .isEqualTo("web-1 2.4.0 MIGRATED - 3 3");
        assertThat(db.queryLong("SELECT count(*) FROM lockstep_runs WHERE finished_at IS NOT NULL AND error IS NULL"))
                .isEqualTo(1);
        assertThat(db.queryString("SELECT obj_description('lockstep_runs'::regclass, 'pg_class')"))
                .isEqualTo("lockstep_runs format 2");
    }

    @Test
    void listenersHearTheRunInOrder() {
        List<String> events = new CopyOnWriteArrayList<>();
        Migrations.standard(dir).lockstep(db).listener(new MigrationListener() {
            @Override
            public void lockAcquired(Duration waited) {
                events.add("locked");
            }

            @Override
            public void migrationStarting(String version, String description) {
                events.add("start " + version);
            }

            @Override
            public void migrationApplied(AppliedMigration migration) {
                events.add("applied " + migration.version());
            }

            @Override
            public void runFinished(MigrationReport report) {
                events.add("finished " + report.outcome());
            }
        }).build().migrate();

        assertThat(events).containsExactly("locked", "start 1", "applied 1", "start 2", "applied 2", "start 3",
                "applied 3", "finished MIGRATED");
    }

    @Test
    @ListenerExceptions.MayThrow
    void aFailingListenerDoesNotStopTheRun() {
        var report = Migrations.standard(dir).lockstep(db).listener(new MigrationListener() {
            @Override
            public void migrationApplied(AppliedMigration migration) {
                throw new IllegalStateException("listener broke on V" + migration.version());
            }
        }).build().migrate();

        assertThat(report.applied()).hasSize(3);
        assertThat(logs.containing(ListenerExceptions.WARNING)).hasSize(3)
                .allMatch(line -> line.contains("failed; the run goes on"))
                .anyMatch(line -> line.contains("IllegalStateException: listener broke on V3"));
    }

    @Test
    void adaptersPutTheFrameworksOwnFlywayInSessionModeTheWayLockstepDoes() {
        FluentConfiguration framework = Flyway.configure().dataSource(db.dataSource());
        assertThat(FlywaySupport.usesSessionLock(framework)).isFalse();

        Lockstep.useFlywaySessionLock(framework);

        assertThat(FlywaySupport.usesSessionLock(framework)).isTrue();
        assertThat(FlywaySupport.usesSessionLock(framework.load().getConfiguration())).isTrue();
    }

    @Test
    void putsFlywaysOwnLockInSessionModeAndLeavesTheGivenFlywayAlone() {
        Flyway configured = Flyway.configure().dataSource(db.dataSource()).locations(Migrations.standard(dir).location())
                .load();
        Lockstep lockstep = Lockstep.configure(configured).set(SNAPSHOT_ENABLED, false).build();

        assertThat(FlywaySupport.usesSessionLock(lockstep.flyway().getConfiguration())).isTrue();
        assertThat(lockstep.flyway().getConfiguration().getCallbacks()).extracting(c -> c.getCallbackName())
                .contains("lockstep");
        assertThat(configured.getConfiguration().getCallbacks()).isEmpty();
        assertThat(lockstep.migrate().applied()).hasSize(3);
    }

    @Test
    void aFlywayWithoutDataSourceIsRefusedWithTheFix() {
        Flyway flyway = Flyway.configure().locations(Migrations.standard(dir).location()).load();

        assertThatThrownBy(() -> Lockstep.configure(flyway).build())
                .isInstanceOfSatisfying(LockstepException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessage("Flyway has no DataSource. Pass one to Lockstep.configure(dataSource), or configure"
                        + " Flyway's dataSource before Lockstep.configure(flyway).");
    }

    @Test
    void migrationSessionRunsWithTheConfiguredTimeoutsAndLeavesNoneBehind() {
        var migrations = Migrations.in(dir).add("V1__record_settings.sql",
                "CREATE TABLE seen AS SELECT current_setting('lock_timeout') AS lock_timeout,"
                        + " current_setting('statement_timeout') AS statement_timeout;");
        migrations.lockstep(db).set(MIGRATION_LOCK_TIMEOUT, Duration.ofMillis(1500))
                .set(MIGRATION_STATEMENT_TIMEOUT, Duration.ofMinutes(2)).build().migrate();

        assertThat(db.queryString("SELECT lock_timeout || ' ' || statement_timeout FROM seen")).isEqualTo("1500ms 2min");
    }

    @Test
    void runsAgainstTheFlywayVersionThisSurefireExecutionExpects() throws IOException {
        String expected = System.getProperty("lockstep.test.expectedFlywayVersion");
        Properties pom = new Properties();
        try (InputStream in = Flyway.class.getResourceAsStream("/META-INF/maven/org.flywaydb/flyway-core/pom.properties")) {
            assertThat(in).as("flyway-core's pom.properties").isNotNull();
            pom.load(in);
        }
        assertThat(expected).as("lockstep.test.expectedFlywayVersion, set by the surefire execution").isNotBlank();
        assertThat(pom.getProperty("version")).isEqualTo(expected);
    }
}
