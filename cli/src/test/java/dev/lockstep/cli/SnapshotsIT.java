package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot commands round trip through bin/lockstep: take (by migrating), list, verify and restore in both
 * styles, with the schema and every row compared before and after; a wrong confirmation and a tampered archive are
 * refused and change nothing.
 */
@PostgresTest
class SnapshotsIT {
    private static final List<String> TABLES = List.of("customers", "orders", "flyway_schema_history");

    private final TestDatabase db;
    @TempDir
    Path dir;
    Path migrations;
    Path snapshots;
    DatabaseState atV2;

    SnapshotsIT(TestDatabase db) {
        this.db = db;
    }

    /** The schema at V2 with rows in it; V3 waits on disk, so the next migrate takes a snapshot of this state. */
    @BeforeEach
    void schemaAtV2WithRows() throws Exception {
        Cli.assertLauncherBuilt();
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        migrations = Cli.migrations("shop", dir.resolve("migrations"));
        Path v3 = Files.move(migrations.resolve("V3__customer_email.sql"), dir.resolve("V3__customer_email.sql"));
        snapshots = dir.resolve("snapshots");
        assertThat(cli("migrate", "--set", "snapshot.enabled=false").run().exitCode()).isZero();
        db.execute("INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 50) g",
                "INSERT INTO orders SELECT g, 1 + g % 50, g * 1.5 FROM generate_series(1, 120) g");
        atV2 = DatabaseState.of(db, TABLES);
        Files.move(v3, migrations.resolve("V3__customer_email.sql"));
    }

    @Test
    void listVerifyAndRestoreInPlaceBringBackTheSchemaAndRowsOfBeforeTheMigration() {
        String id = migrateTakingASnapshot();
        db.execute("UPDATE customers SET email = 'a@example.org'", "DELETE FROM orders WHERE id > 100");

        Cli.Result list = cli("snapshots", "list", "--json").run();
        Cli.Result listText = cli("snapshots", "list").run();
        Cli.Result verify = cli("snapshots", "verify", id).run();
        Cli.Result restore = cli("snapshots", "restore", id, "--style", "in-place", "--confirm", db.name(), "--json")
                .run();

        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat((List<?>) Json.parse(list.stdout()).get("snapshots")).singleElement()
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("id", id).containsEntry("fromVersion", "2").containsEntry("targetVersion", "3")
                .containsEntry("verified", true).containsEntry("file", id + ".dump");
        assertThat(listText.stdout()).containsPattern("ID\\s+CREATED\\s+HOLDS\\s+TAKEN BEFORE\\s+SIZE\\s+VERIFIED")
                .containsPattern(id + "\\s+\\S+ \\S+\\s+v2\\s+v3\\s+[0-9.]+ kB\\s+yes");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.stdout()).contains("Snapshot:  " + id + " verified");
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(Json.parse(restore.stdout())).containsEntry("snapshotId", id).containsEntry("style", "in-place")
                .containsEntry("database", db.name()).doesNotContainKey("keptAs");
        assertThat(DatabaseState.of(db, TABLES)).isEqualTo(atV2);
        assertThat(cli("status").run().stdout()).contains("PENDING").contains("Pending:  1: v3");
    }

    @Test
    void restoreBySwapReplacesTheDatabaseAndKeepsTheOldOne() throws Exception {
        try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER ROLE \"" + db.user() + "\" CREATEDB"); // swapping creates a database
        }
        String id = migrateTakingASnapshot();
        db.execute("INSERT INTO customers VALUES (9999, 'written after the snapshot', 'x@example.org')");

        Cli.Result restore = cli("snapshots", "restore", id, "--style", "swap", "--confirm", db.name()).run();

        String kept = db.name() + "_failed_";
        try {
            assertThat(restore.exitCode()).as(restore.toString()).isZero();
            assertThat(restore.stdout()).contains("Restored:  " + id + " into " + db.name() + " (swap)")
                    .contains("Kept:      the replaced database as " + kept);
            assertThat(DatabaseState.of(db, TABLES)).isEqualTo(atV2);
        } finally {
            try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
                for (String name : db.queryColumn("SELECT datname FROM pg_database WHERE datname LIKE '"
                        + kept.replace("_", "\\_") + "%'")) {
                    statement.execute("DROP DATABASE IF EXISTS \"" + name + "\"");
                }
            }
        }
    }

    @Test
    void aWrongConfirmationIsRefusedAndChangesNothing() {
        String id = migrateTakingASnapshot();
        DatabaseState migrated = DatabaseState.of(db, TABLES);

        Cli.Result restore = cli("snapshots", "restore", id, "--style", "in-place", "--confirm", "production").run();

        assertThat(restore.exitCode()).as(restore.toString()).isEqualTo(6);
        assertThat(restore.stderr()).contains("lockstep: RESTORE_FAILED: ").contains("Restore refused: it replaces every"
                + " table of database " + db.name() + " with snapshot " + id + ", and the confirmation names"
                + " 'production'");
        assertThat(DatabaseState.of(db, TABLES)).isEqualTo(migrated);
    }

    @Test
    void aTamperedArchiveFailsVerificationAndIsNotRestored() throws Exception {
        String id = migrateTakingASnapshot();
        DatabaseState migrated = DatabaseState.of(db, TABLES);
        try (RandomAccessFile file = new RandomAccessFile(snapshots.resolve(id + ".dump").toFile(), "rw")) {
            long middle = file.length() / 2;
            file.seek(middle);
            int original = file.read();
            file.seek(middle);
            file.write(original ^ 0x01);
        }

        Cli.Result verify = cli("snapshots", "verify", id).run();
        Cli.Result restore = cli("snapshots", "restore", id, "--style", "in-place", "--confirm", db.name()).run();

        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(6);
        assertThat(verify.stderr()).contains("lockstep: SNAPSHOT_INVALID: ")
                .contains("Snapshot " + id + " must not be restored: its archive changed since it was taken");
        assertThat(restore.exitCode()).as(restore.toString()).isEqualTo(6);
        assertThat(restore.stderr()).contains("must not be restored");
        assertThat(DatabaseState.of(db, TABLES)).isEqualTo(migrated);
    }

    @Test
    void takeSnapshotsTheSchemaAsItIsNow() {
        Cli.Result take = cli("snapshots", "take", "--json").run();

        Map<String, Object> snapshot = Json.parse(take.stdout());
        assertThat(take.exitCode()).as(take.toString()).isZero();
        assertThat(snapshot).containsEntry("fromVersion", "2").containsEntry("targetVersion", "2")
                .containsEntry("verified", true);
        assertThat(snapshots.resolve(snapshot.get("id") + ".dump")).isRegularFile();
    }

    private String migrateTakingASnapshot() {
        Cli.Result migrate = cli("migrate", "--json").run();
        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        Map<?, ?> snapshot = (Map<?, ?>) Json.parse(migrate.stdout()).get("snapshot");
        return (String) snapshot.get("id");
    }

    private Cli cli(String... args) {
        return Cli.lockstep(db, args).args("--locations", "filesystem:" + migrations,
                "--set", "snapshot.directory=" + snapshots);
    }
}
