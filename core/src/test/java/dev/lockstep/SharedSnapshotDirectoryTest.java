package dev.lockstep;

import static dev.lockstep.LockstepSettings.SNAPSHOT_KEEP;
import static dev.lockstep.LockstepSettings.SNAPSHOT_MAX_AGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One snapshot directory shared by several runs at once: databases whose names share a start ({@code shop} and
 * {@code shop-eu}), and two schemas of one database, each with its own Flyway history and lock. No run removes,
 * overwrites or reads another's files, also when their snapshots start within the same second. A dump is held up by
 * a table lock the test takes, so that it is still running while the other run takes its snapshot and cleans up.
 */
@PostgresTest
class SharedSnapshotDirectoryTest {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private final TestDatabase db;
    @TempDir
    Path dir;
    @TempDir
    Path root;
    Path snapshots;

    SharedSnapshotDirectoryTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public", "DROP SCHEMA IF EXISTS a CASCADE",
                "DROP SCHEMA IF EXISTS b CASCADE");
        snapshots = root.resolve("snapshots");
    }

    @Test
    void databasesWhoseNamesShareTheirStartKeepTheirSnapshotsApart() throws Exception {
        String eu = db.name() + "-eu";
        try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE \"" + eu + "\" OWNER \"" + db.user() + "\"");
        }
        try {
            Migrations migrations = Migrations.in(dir).add("V1__customers.sql", "CREATE TABLE customers (id bigint);");
            PGSimpleDataSource euSource = new PGSimpleDataSource();
            euSource.setUrl(db.server().jdbcUrl(eu));
            euSource.setUser(db.user());
            euSource.setPassword(db.password());
            Supplier<Lockstep> euLockstep = () -> Lockstep.configure(euSource)
                    .flyway(f -> f.locations(migrations.location())).set(SNAPSHOT_KEEP, 1)
                    .set(SNAPSHOT_MAX_AGE, Duration.ZERO).set(LockstepSettings.SNAPSHOT_DIRECTORY, snapshots).build();
            Snapshot euFirst = euLockstep.get().migrate().snapshot();
            migrations.add("V2__orders.sql", "CREATE TABLE orders (id bigint);");
            CompletableFuture<MigrationReport> euRun;
            Path euPartial;
            String shopSnapshot;
            try (Connection blocker = euSource.getConnection(); Statement statement = blocker.createStatement()) {
                blocker.setAutoCommit(false);
                statement.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE"); // shop-eu's pg_dump waits
                euRun = CompletableFuture.supplyAsync(() -> euLockstep.get().migrate());
                euPartial = awaitPartials("lockstep-" + db.name() + ".2deu-", 1).get(0);

                MigrationReport shop = migrations.withSnapshots(db, snapshots).set(SNAPSHOT_KEEP, 1)
                        .set(SNAPSHOT_MAX_AGE, Duration.ZERO).build().migrate();

                assertThat(shop.snapshot()).isNotNull();
                shopSnapshot = shop.snapshot().id();
                assertThat(euPartial).as("shop-eu's dump in progress survives shop's cleanup and retention").exists();
                assertThat(snapshots.resolve(euFirst.id() + ".dump")).as("shop-eu's earlier snapshot too").exists();
                blocker.rollback();
            }
            MigrationReport euReport = euRun.get(60, TimeUnit.SECONDS);

            assertThat(euReport.outcome()).isEqualTo(Outcome.MIGRATED);
            assertThat(euFirst.id()).startsWith("lockstep-" + db.name() + ".2deu-");
            assertThat(euReport.snapshot().id()).startsWith("lockstep-" + db.name() + ".2deu-").endsWith("-v1-to-v2");
            assertThat(euLockstep.get().snapshots().list()).extracting(Snapshot::id)
                    .containsExactly(euReport.snapshot().id());
            assertThat(migrations.withSnapshots(db, snapshots).build().snapshots().list()).extracting(Snapshot::id)
                    .containsExactly(shopSnapshot);
        } finally {
            try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE \"" + eu + "\" WITH (FORCE)");
            }
        }
    }

    @Test
    void twoSchemasOfOneDatabaseSnapshotSideBySide() throws Exception {
        db.execute("CREATE TABLE public.shared (id bigint)");
        List<CompletableFuture<MigrationReport>> runs = new ArrayList<>();
        try (Connection blocker = db.connect(); Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("LOCK TABLE public.shared IN ACCESS EXCLUSIVE MODE"); // both dumps wait
            for (String schema : List.of("a", "b")) {
                Migrations migrations = Migrations.in(Files.createDirectories(dir.resolve(schema)))
                        .add("V1__customers.sql", "CREATE TABLE customers (id bigint);");
                Lockstep lockstep = migrations.withSnapshots(db, snapshots).flyway(f -> f.schemas(schema)).build();
                runs.add(CompletableFuture.supplyAsync(lockstep::migrate));
            }
            awaitPartials("lockstep-" + db.name() + "-", 2);
            blocker.rollback();
        }

        List<String> ids = new ArrayList<>();
        for (CompletableFuture<MigrationReport> run : runs) {
            MigrationReport report = run.get(60, TimeUnit.SECONDS);
            assertThat(report.outcome()).isEqualTo(Outcome.MIGRATED);
            ids.add(report.snapshot().id());
        }
        assertThat(ids).doesNotHaveDuplicates();
        Lockstep any = Migrations.in(dir.resolve("a")).withSnapshots(db, snapshots).flyway(f -> f.schemas("a")).build();
        for (String id : ids) {
            assertThat(any.snapshots().verify(id).id()).isEqualTo(id);
        }
    }

    @Test
    void aRunTakesAnotherNameWhenItsOwnIsBeingWrittenAndLeavesLivePartialsAlone() throws Exception {
        Migrations migrations = Migrations.in(dir).add("V1__customers.sql", "CREATE TABLE customers (id bigint);");
        migrations.lockstep(db).build().migrate();
        migrations.add("V2__orders.sql", "CREATE TABLE orders (id bigint);");
        PlantedSnapshots planted = new PlantedSnapshots(snapshots);
        // Another run of this database writing right now, under every name this run may want in the next minute.
        Instant now = Instant.now();
        List<Path> live = new ArrayList<>();
        for (int second = 0; second < 60; second++) {
            String id = "lockstep-" + db.name() + "-" + STAMP.format(now.plusSeconds(second)).toLowerCase(Locale.ROOT)
                    + "-v1-to-v2";
            live.add(planted.write(id + ".partial", "being written", Duration.ZERO));
        }
        live.add(planted.write(PlantedSnapshots.id(db.name(), "x") + ".partial", "being written", Duration.ofMinutes(9)));
        Path stale = planted.write(PlantedSnapshots.id(db.name(), "y") + ".partial", "left", Duration.ofMinutes(11));
        Path staleManifest = planted.write(PlantedSnapshots.id(db.name(), "y") + ".json.partial", "{", Duration.ofDays(1));

        Snapshot taken = migrations.withSnapshots(db, snapshots).build().migrate().snapshot();

        assertThat(taken.id()).matches("lockstep-" + db.name() + "-\\d{8}t\\d{6}z-v1-to-v2-2");
        assertThat(live).allSatisfy(partial -> assertThat(partial).hasContent("being written"));
        assertThat(stale).as("unchanged for longer than a live run leaves its partial archive").doesNotExist();
        assertThat(staleManifest).doesNotExist();
        assertThat(snapshots.resolve(taken.id() + ".dump")).exists();
    }

    /** Waits until {@code count} partial archives whose names start with {@code prefix} exist; returns them. */
    private List<Path> awaitPartials(String prefix, int count) {
        return Awaitility.await("pg_dump writing " + count + " partial archive(s) " + prefix + "*")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!Files.isDirectory(snapshots)) {
                        return List.<Path>of();
                    }
                    try (var files = Files.list(snapshots)) {
                        return files.filter(f -> f.getFileName().toString().startsWith(prefix)
                                && f.getFileName().toString().endsWith(".partial")).toList();
                    }
                }, partials -> partials.size() == count);
    }
}
