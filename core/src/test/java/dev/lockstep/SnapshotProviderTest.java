package dev.lockstep;

import static dev.lockstep.LockstepSettings.ON_FAILURE;
import static dev.lockstep.LockstepSettings.SNAPSHOT_ENABLED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lockstep.spi.SnapshotProvider;
import dev.lockstep.spi.SnapshotRequest;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

    /** Keeps "snapshots" in memory and records what the run asked of it. */
    private static final class RecordingProvider implements SnapshotProvider {
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile boolean refuse;
        volatile boolean restoreFails;

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
