package dev.lockstep;

import static dev.lockstep.LockstepSettings.LOCK_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.internal.lock.LockKey;
import dev.lockstep.spi.MigrationListener;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import dev.lockstep.testsupport.TestLogs;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run tells about itself: its report's durations, the listeners' last word on a failed run, the log lines an
 * operator reads (with the database and schema they concern), and what status() still knows once the database is
 * gone.
 */
@PostgresTest
class RunReportTest {
    private static final Pattern MIGRATED_LINE = Pattern.compile("migrated <empty> -> V3 in (\\d+\\.\\d) s \\(3 applied\\)");

    private final TestDatabase db;
    @TempDir
    Path dir;
    @RegisterExtension
    final TestLogs logs = new TestLogs();

    RunReportTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchemas() {
        db.execute("DROP SCHEMA IF EXISTS app CASCADE", "DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void aReportsDurationsLieWithinTheCallThatMadeIt() {
        Migrations migrations = Migrations.standard(dir);

        long started = System.nanoTime();
        MigrationReport migrated = migrations.lockstep(db).build().migrate();
        Duration call = Duration.ofNanos(System.nanoTime() - started);
        started = System.nanoTime();
        MigrationReport upToDate = migrations.lockstep(db).build().migrate();
        Duration secondCall = Duration.ofNanos(System.nanoTime() - started);

        assertThat(migrated.duration()).isPositive().isLessThanOrEqualTo(call);
        Duration applying = migrated.applied().stream().map(AppliedMigration::duration).reduce(Duration.ZERO, Duration::plus);
        assertThat(migrated.duration()).as("the run, at least its migrations").isGreaterThanOrEqualTo(applying);
        assertThat(upToDate.outcome()).isEqualTo(Outcome.UP_TO_DATE);
        assertThat(upToDate.duration()).isPositive().isLessThanOrEqualTo(secondCall);
    }

    @Test
    void theLogNamesDatabaseAndSchemaTheVersionsAndTheTimeTaken() {
        Migrations migrations = Migrations.standard(dir);
        String prefix = "[" + db.name() + "/app] ";

        long started = System.nanoTime();
        migrations.lockstep(db).flyway(f -> f.schemas("app")).build().migrate();
        Duration call = Duration.ofNanos(System.nanoTime() - started);
        migrations.lockstep(db).flyway(f -> f.schemas("app")).build().migrate();

        assertThat(logs.lines()).anyMatch(line -> line.contains(prefix + "migrating <empty> -> V3: 3 pending"));
        String migrated = logs.await(prefix + "migrated <empty> -> V3 in ", Duration.ofSeconds(5));
        Matcher seconds = MIGRATED_LINE.matcher(migrated);
        assertThat(seconds.find()).as(migrated).isTrue();
        assertThat(Double.parseDouble(seconds.group(1))).as("seconds, one decimal")
                .isLessThanOrEqualTo(call.toMillis() / 1000.0 + 0.05);
        assertThat(logs.lines()).anyMatch(line -> line.contains(prefix + "schema is at V3: nothing to migrate"));
    }

    /** A connection that cannot name its database to the log still gives every line an origin: the instance. */
    @Test
    void theLogNamesTheInstanceWhenTheConnectionCannotNameItsDatabase() {
        Lockstep lockstep = Lockstep.configure(catalogless(db.dataSource()))
                .flyway(f -> f.locations(Migrations.standard(dir).location()).schemas("app"))
                .set(LockstepSettings.LOCK_KEY, 4242L).set(LockstepSettings.SNAPSHOT_ENABLED, false)
                .instanceName("replica-7").build();

        assertThat(lockstep.migrate().outcome()).isEqualTo(Outcome.MIGRATED);

        assertThat(logs.lines()).anyMatch(line -> line.contains("[replica-7] migrating <empty> -> V3: 3 pending"))
                .noneMatch(line -> line.contains("[" + db.name() + "/"));
    }

    @Test
    void theLockKeyIsDerivedFromTheSchemaFlywayWasGivenNotTheSessionsDefault() throws SQLException {
        long appKey = LockKey.derive(db.name(), "app", "flyway_schema_history");
        try (Connection holder = db.connect();
                PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, appKey);
            lock.execute();

            Lockstep lockstep = Migrations.standard(dir).lockstep(db).flyway(f -> f.schemas("app"))
                    .set(LOCK_TIMEOUT, Duration.ofSeconds(1)).build();

            assertThatThrownBy(lockstep::migrate).isInstanceOf(LockTimeoutException.class)
                    .hasMessageContaining("Gave up waiting for the Lockstep lock after lock.timeout=1s");
        }
        assertThat(db.queryString("SELECT to_regclass('app.customers')::text")).isNull();
    }

    @Test
    void onlyRepeatableMigrationsPendingHaveNoTargetVersion() {
        Migrations migrations = Migrations.in(dir)
                .add("R__customer_names.sql", "CREATE OR REPLACE VIEW customer_names AS SELECT 'none'::text AS name;");

        Lockstep lockstep = migrations.lockstep(db).build();
        MigrationPlan plan = lockstep.lint();
        MigrationReport report = lockstep.migrate();

        assertThat(plan.targetVersion()).isNull();
        assertThat(plan.migrations()).hasSize(1);
        assertThat(report.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(report.applied()).extracting(AppliedMigration::description).containsExactly("customer names");
        assertThat(report.toVersion()).isNull();
        assertThat(logs.lines()).anyMatch(line -> line.contains("migrating <empty> -> <empty>: 1 pending"));
    }

    @Test
    void aPlanWithNothingPendingSaysSoAndALintNeverTraces() {
        Lockstep lockstep = Migrations.standard(dir).lockstep(db).build();
        lockstep.migrate();

        MigrationPlan plan = lockstep.plan();
        MigrationPlan lint = lockstep.lint();

        assertThat(plan.migrations()).isEmpty();
        assertThat(plan.traced()).isFalse();
        assertThat(plan.notes()).containsExactly("Nothing is pending: there was nothing to trace.");
        assertThat(lint.traced()).isFalse();
        assertThat(lint.notes()).isEmpty();
        assertThat(lint.targetVersion()).isEqualTo("3");
    }

    @Test
    void locationsWithoutMigrationsOnAnEmptySchemaAreWarnedAbout() {
        MigrationReport report = Migrations.in(dir).lockstep(db).build().migrate();

        assertThat(report.outcome()).isEqualTo(Outcome.UP_TO_DATE);
        assertThat(report.state()).isEqualTo(SchemaState.INVALID_MIGRATIONS);
        assertThat(logs.containing("Flyway found no migration at")).singleElement()
                .satisfies(line -> assertThat(line).startsWith("WARN"));
    }

    @Test
    void listenersHearAFailedMigrationAsAFinishedRunAndARefusedRunAsAFailedOne() {
        List<String> events = new CopyOnWriteArrayList<>();
        List<Duration> failedAfter = new CopyOnWriteArrayList<>();
        MigrationListener listener = new MigrationListener() {
            @Override
            public void runFinished(MigrationReport report) {
                events.add("finished " + report.outcome() + " " + report.state());
            }

            @Override
            public void runFailed(LockstepException failure, Duration duration) {
                events.add("failed " + failure.code());
                failedAfter.add(duration);
            }
        };
        Migrations broken = Migrations.in(dir).add("V1__customers.sql", "CREATE TABLE customers (id bigint);")
                .add("V2__broken.sql", "SELECT * FROM no_such_table;");
        assertThatThrownBy(broken.lockstep(db).listener(listener).build()::migrate)
                .isInstanceOf(MigrationFailedException.class);

        broken.remove("V2__broken.sql").add("V1__duplicate.sql", "CREATE TABLE other (id bigint);");
        long started = System.nanoTime();
        assertThatThrownBy(broken.lockstep(db).listener(listener).build()::migrate)
                .isInstanceOfSatisfying(LockstepException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MIGRATIONS));
        Duration call = Duration.ofNanos(System.nanoTime() - started);

        assertThat(events).containsExactly("finished FAILED FAILED", "failed INVALID_MIGRATIONS");
        assertThat(failedAfter).singleElement().satisfies(duration ->
                assertThat(duration).isPositive().isLessThanOrEqualTo(call));
    }

    @Test
    void statusOfAnUnreachableDatabaseStillNamesTheTargetAndTheLastRun() {
        Migrations migrations = Migrations.standard(dir);
        MigrationReport first = migrations.lockstep(db).instanceName("web-1").build().migrate();
        AtomicBoolean down = new AtomicBoolean();
        Lockstep lockstep = Lockstep.configure(goingDown(db.dataSource(), down))
                .flyway(f -> f.locations(migrations.location())).set(LockstepSettings.SNAPSHOT_ENABLED, false).build();

        MigrationReport upToDate = lockstep.migrate();
        down.set(true);
        SchemaStatus status = lockstep.status();

        assertThat(upToDate.outcome()).isEqualTo(Outcome.UP_TO_DATE);
        assertThat(status.state()).isEqualTo(SchemaState.UNREACHABLE);
        assertThat(status.targetVersion()).as("from the migrations resolved at the run").isEqualTo("3");
        assertThat(status.lastRun()).as("read by the run that found nothing pending").isNotNull();
        assertThat(status.lastRun().id()).isEqualTo(first.runId());
        assertThat(status.lastRun().instance()).isEqualTo("web-1");
    }

    @Test
    void afterARunRefusedForAFailedMigrationStatusFollowsTheRepairedHistory() {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        db.execute("UPDATE flyway_schema_history SET success = false WHERE version = '3'");
        Lockstep lockstep = migrations.lockstep(db).build();
        assertThatThrownBy(lockstep::migrate).isInstanceOf(LockstepException.class)
                .hasMessageContaining("V3");
        assertThat(lockstep.status().state()).isEqualTo(SchemaState.FAILED);

        db.execute("DELETE FROM flyway_schema_history WHERE version = '3'"); // what flyway repair does to it

        SchemaStatus repaired = lockstep.status();
        assertThat(repaired.state()).isEqualTo(SchemaState.PENDING);
        assertThat(repaired.pending()).containsExactly("3");
        assertThat(repaired.failed()).isNull();
    }

    /**
     * The DataSource's connections, whose getCatalog() fails when Lockstep asks it for its log prefix, as a closed
     * connection's would (Flyway's own calls still get the name: Flyway cannot run without it). It does not unwrap,
     * so that Lockstep opens its lock connection through it too.
     */
    private static DataSource catalogless(DataSource dataSource) {
        return OpaqueDataSource.of(dataSource, wrapped -> {
            Connection connection = wrapped.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, call, args) -> {
                        if (call.getName().equals("getCatalog") && askedForTheLogPrefix()) {
                            throw new SQLException("This connection cannot tell its catalog.");
                        }
                        return OpaqueDataSource.invoke(call, connection, args);
                    });
        });
    }

    private static boolean askedForTheLogPrefix() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(frame -> frame.getClassName()
                .equals("dev.lockstep.internal.run.Engine") && frame.getMethodName().equals("prefix")));
    }

    /** The DataSource's connections, until {@code down} is set: then every one is refused as an unreachable server's. */
    private static DataSource goingDown(DataSource dataSource, AtomicBoolean down) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (down.get() && method.getName().equals("getConnection")) {
                        throw new SQLException("Connection to localhost refused.", "08001");
                    }
                    try {
                        return method.invoke(dataSource, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
