package dev.lockstep;

import static dev.lockstep.LockstepSettings.LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.ON_FAILURE;
import static dev.lockstep.LockstepSettings.SNAPSHOT_ENABLED;
import static dev.lockstep.LockstepSettings.SNAPSHOT_REQUIRED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.internal.lock.LockKey;
import dev.lockstep.spi.SnapshotProvider;
import dev.lockstep.spi.SnapshotRequest;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import dev.lockstep.testsupport.TestLogs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run talks to whichever {@link SnapshotProvider} it is given, the same way it talks to pg_dump: preflight and
 * take under the lock only when migrations are pending, restore in place for {@code on-failure=restore}.
 */
@PostgresTest
class SnapshotProviderTest {
    private final TestDatabase db;
    @TempDir
    Path dir;
    private final RecordingProvider provider = new RecordingProvider();
    @RegisterExtension
    final TestLogs logs = new TestLogs();

    SnapshotProviderTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
    }

    @Test
    void theRunAsksTheConfiguredProviderOnlyWhenItMigrates() {
        Migrations migrations = Migrations.standard(dir);

        MigrationReport first = migrations.lockstep(db).set(SNAPSHOT_ENABLED, true).snapshotProvider(provider).build()
                .migrate();
        MigrationReport restart = migrations.lockstep(db).set(SNAPSHOT_ENABLED, true).snapshotProvider(provider)
                .build().migrate();

        assertThat(provider.calls).containsExactly("preflight <empty> -> 3", "take <empty> -> 3");
        assertThat(first.snapshot()).isNotNull();
        assertThat(first.snapshot().id()).isEqualTo("cloud-1");
        assertThat(restart.snapshot()).isNull();
    }

    @Test
    void aProviderThatRefusesStopsTheRunBeforeAnyMigration() {
        provider.refuse = true;

        assertThatThrownBy(() -> Migrations.standard(dir).lockstep(db).set(SNAPSHOT_ENABLED, true)
                .snapshotProvider(provider)
                .build().migrate())
                .isInstanceOf(SnapshotFailedException.class)
                .hasMessageContaining("No migration was applied because the snapshot before migrating failed"
                        + " (snapshot.required=true): the volume snapshot API is not reachable");
        assertThat(db.queryString("SELECT to_regclass('customers')::text")).isNull();
    }

    /** A provider's own exception, not a LockstepException, still stops the run, named with its class. */
    @Test
    void aProviderThatFailsWithItsOwnExceptionStopsTheRunNamingIt() {
        provider.takeFails = new IllegalStateException("the volume quota is used up");

        assertThatThrownBy(() -> Migrations.standard(dir).lockstep(db).set(SNAPSHOT_ENABLED, true)
                .snapshotProvider(provider).build().migrate())
                .isInstanceOfSatisfying(SnapshotFailedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT_FAILED))
                .hasMessageContaining("(snapshot.required=true): the snapshot provider failed:"
                        + " java.lang.IllegalStateException: the volume quota is used up");
        assertThat(db.queryString("SELECT to_regclass('customers')::text")).isNull();
    }

    @Test
    void onFailureRestoreAsksTheProviderToRestoreInPlace() {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        migrations.add("V4__half_done.sql", "CREATE TABLE audit (id bigint);\n"
                + "CREATE INDEX CONCURRENTLY audit_missing ON no_such_table (id);");

        MigrationFailedException failure = catchThrowableOfType(MigrationFailedException.class, () -> migrations
                .lockstep(db).set(SNAPSHOT_ENABLED, true).snapshotProvider(provider).set(ON_FAILURE, OnFailure.RESTORE)
                .flyway(f -> f.mixed(true)).build().migrate());

        assertThat(provider.calls).containsExactly("preflight 3 -> 4", "take 3 -> 4", "restore cloud-1 IN_PLACE");
        assertThat(failure.report().restored()).isTrue();
    }

    @Test
    void aRestoreThatFailsTooIsSaidInTheFailureWithItsCause() {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        migrations.add("V4__half_done.sql", "CREATE TABLE audit (id bigint);\n"
                + "CREATE INDEX CONCURRENTLY audit_missing ON no_such_table (id);");
        provider.restoreFails = true;

        MigrationFailedException failure = catchThrowableOfType(MigrationFailedException.class, () -> migrations
                .lockstep(db).set(SNAPSHOT_ENABLED, true).snapshotProvider(provider).set(ON_FAILURE, OnFailure.RESTORE)
                .flyway(f -> f.mixed(true)).build().migrate());

        assertThat(failure.getMessage()).endsWith(" Restoring snapshot cloud-1 failed too: the volume is busy");
        assertThat(failure.report().restored()).isFalse();
        assertThat(failure.getSuppressed()).singleElement()
                .satisfies(suppressed -> assertThat(suppressed).hasMessage("the volume is busy"));
        assertThat(db.queryString("SELECT to_regclass('audit')::text")).as("left as the migration left it")
                .isEqualTo("audit");
    }

    @Test
    void withSnapshotRequiredFalseARefusedSnapshotIsWarnedAboutAndTheRunMigrates() {
        provider.refuse = true;

        MigrationReport report = Migrations.standard(dir).lockstep(db).set(SNAPSHOT_ENABLED, true)
                .set(SNAPSHOT_REQUIRED, false).snapshotProvider(provider).build().migrate();

        assertThat(report.outcome()).isEqualTo(Outcome.MIGRATED);
        assertThat(report.snapshot()).isNull();
        assertThat(report.snapshotFailure()).isEqualTo("the volume snapshot API is not reachable");
        assertThat(logs.containing("migrating without a snapshot (snapshot.required=false): the volume snapshot API"
                + " is not reachable")).singleElement().satisfies(line -> assertThat(line).startsWith("WARN"));
    }

    @Test
    void onFailureRestoreWithoutASnapshotSaysThatTheChangesStay() {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        migrations.add("V4__half_done.sql", "CREATE TABLE audit (id bigint);\n"
                + "CREATE INDEX CONCURRENTLY audit_missing ON no_such_table (id);");
        provider.refuse = true;

        MigrationFailedException failure = catchThrowableOfType(MigrationFailedException.class, () -> migrations
                .lockstep(db).set(SNAPSHOT_ENABLED, true).set(SNAPSHOT_REQUIRED, false).snapshotProvider(provider)
                .set(ON_FAILURE, OnFailure.RESTORE).flyway(f -> f.mixed(true)).build().migrate());

        assertThat(failure.getMessage()).endsWith(" The failed migration left changes behind, but there is no snapshot"
                + " to restore (on-failure=restore needs a snapshot of this run): repair by hand, see"
                + " docs/runbook-restore.md.");
        assertThat(provider.calls).noneMatch(call -> call.startsWith("restore"));
    }

    @Test
    void aSnapshotOnAPooledConnectionGivesBackTheLockAndTheConnection() {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            // Through a DataSource that hides its URL, the lock connection is one of the pool's.
            Lockstep lockstep = Lockstep.configure(new CountingDataSource(pool))
                    .flyway(f -> f.locations(migrations.location())).set(SNAPSHOT_ENABLED, true)
                    .snapshotProvider(provider).build();

            Snapshot taken = lockstep.snapshots().take();

            assertThat(taken.id()).isEqualTo("cloud-1");
            assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("connections not given back").isZero();
            assertThat(db.queryLong("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database ="
                    + " (SELECT oid FROM pg_database WHERE datname = current_database())"))
                    .as("advisory locks still held").isZero();
        }
    }

    @Test
    void aSnapshotOutsideARunWaitsForTheLockAtMostLockTimeout() throws SQLException {
        Migrations migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        try (Connection holder = db.connect();
                PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, LockKey.derive(db.name(), "public", "flyway_schema_history"));
            lock.execute();
            Lockstep lockstep = migrations.lockstep(db).set(SNAPSHOT_ENABLED, true).set(LOCK_TIMEOUT, Duration.ofSeconds(1))
                    .snapshotProvider(provider).build();

            assertThatThrownBy(() -> lockstep.snapshots().take()).isInstanceOf(LockTimeoutException.class)
                    .hasMessageEndingWith("Could not take a snapshot: another instance held the Lockstep lock for"
                            + " lock.timeout=1s. Retry when its migration is done, or raise lock.timeout.");
        }
        assertThat(provider.calls).isEmpty();
    }

    @Test
    void aRestoreIsRefusedUnlessTheConfirmationNamesTheDatabase() {
        Lockstep lockstep = Migrations.standard(dir).lockstep(db).set(SNAPSHOT_ENABLED, true).snapshotProvider(provider)
                .build();

        assertThatThrownBy(() -> lockstep.snapshots().restore("cloud-1", RestoreStyle.IN_PLACE, "other"))
                .isInstanceOfSatisfying(SnapshotFailedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESTORE_FAILED))
                .hasMessageEndingWith("Restore refused: it replaces every table of database " + db.name()
                        + " with snapshot cloud-1, and the confirmation names 'other'. Pass the database name \""
                        + db.name() + "\" to confirm.");
        assertThat(provider.calls).isEmpty();
    }

    /** Keeps "snapshots" in memory and records what the run asked of it. */
    private static final class RecordingProvider implements SnapshotProvider {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile boolean refuse;
        volatile boolean restoreFails;
        volatile @Nullable RuntimeException takeFails;

        @Override
        public void preflight(SnapshotRequest request) {
            calls.add("preflight " + versions(request));
            if (refuse) {
                throw new SnapshotFailedException(ErrorCode.SNAPSHOT_FAILED, "the volume snapshot API is not reachable");
            }
        }

        @Override
        public Snapshot take(SnapshotRequest request) {
            calls.add("take " + versions(request));
            if (takeFails != null) {
                throw takeFails;
            }
            return new Snapshot("cloud-1", Instant.now(), Duration.ofMillis(5), "db", "volume", "15", "n/a", "volume",
                    "none", request.fromVersion(), request.targetVersion(), request.appVersion(), Path.of("cloud-1"),
                    0, "", 0, true);
        }

        @Override
        public List<Snapshot> list() {
            return List.of();
        }

        @Override
        public Snapshot verify(String id) {
            throw new UnsupportedOperationException("not used by the run");
        }

        @Override
        public RestoreResult restore(String id, RestoreStyle style) {
            calls.add("restore " + id + " " + style);
            if (restoreFails) {
                throw new IllegalStateException("the volume is busy");
            }
            return new RestoreResult(id, style, "db", null, Duration.ZERO);
        }

        private static String versions(SnapshotRequest request) {
            return (request.fromVersion() == null ? "<empty>" : request.fromVersion()) + " -> " + request.targetVersion();
        }
    }
}
