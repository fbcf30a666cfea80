package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrate, write, restore: the schema and every row are back as they were before the migration, in both
 * restore styles. A damaged archive is refused before anything is touched.
 */
@PostgresTest
class RestoreTest {
    private static final List<String> TABLES = List.of("customers", "orders", "flyway_schema_history");

    private final TestDatabase db;
    @TempDir
    Path dir;
    @TempDir
    Path snapshots;
    Migrations migrations;

    RestoreTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void schemaAtV3WithData() {
        db.execute("DROP SCHEMA IF EXISTS reporting CASCADE", "DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        db.execute("INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 200) g",
                "INSERT INTO orders SELECT g, 1 + g % 200, g * 1.5 FROM generate_series(1, 500) g");
        // V4 changes existing tables and creates new objects of every kind the restore must remove again
        migrations.add("V4__invoicing.sql", "ALTER TABLE customers ADD COLUMN email text;"
                + " CREATE TYPE invoice_state AS ENUM ('open', 'paid');"
                + " CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id), state invoice_state);"
                + " CREATE SCHEMA reporting; CREATE VIEW reporting.open_invoices AS SELECT * FROM invoices;"
                + " CREATE INDEX orders_by_total ON orders (total);");
    }

    @Test
    void restoringInPlaceBringsBackTheSchemaAndTheRowsOfBeforeTheMigration() {
        DatabaseState before = DatabaseState.of(db, TABLES);
        Lockstep lockstep = migrations.withSnapshots(db, snapshots).build();
        Snapshot snapshot = lockstep.migrate().snapshot();
        db.execute("INSERT INTO invoices VALUES (1, 1, 'open')", "UPDATE customers SET email = 'a@example.org'",
                "DELETE FROM orders WHERE id > 400");

        RestoreResult result = lockstep.snapshots().restore(snapshot.id(), RestoreStyle.IN_PLACE, db.name());

        assertThat(result.style()).isEqualTo(RestoreStyle.IN_PLACE);
        assertThat(result.database()).isEqualTo(db.name());
        assertThat(result.keptAs()).isNull();
        assertThat(DatabaseState.of(db, TABLES)).isEqualTo(before);
        assertThat(lockstep.status().state()).isEqualTo(SchemaState.PENDING);
    }

    @Test
    void restoringBySwapReplacesTheDatabaseAndKeepsTheOldOne() throws Exception {
        try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("ALTER ROLE \"" + db.user() + "\" CREATEDB"); // swapping creates a database
        }
        DatabaseState before = DatabaseState.of(db, TABLES);
        Lockstep lockstep = migrations.withSnapshots(db, snapshots).build();
        Snapshot snapshot = lockstep.migrate().snapshot();
        db.execute("INSERT INTO invoices VALUES (1, 1, 'open')", "DELETE FROM orders WHERE id > 400");

        RestoreResult result = lockstep.snapshots().restore(snapshot.id(), RestoreStyle.SWAP, db.name());

        try {
            assertThat(result.keptAs()).startsWith(db.name() + "_failed_");
            assertThat(DatabaseState.of(db, TABLES)).isEqualTo(before);
            assertThat(db.queryLong("SELECT count(*) FROM pg_database WHERE datname = '" + result.keptAs() + "'"))
                    .isEqualTo(1);
            assertThat(db.queryLong("SELECT count(*) FROM pg_database WHERE datname LIKE '%\\_restore\\_%'")).isZero();
        } finally {
            // the kept database belongs to the test's role, which the fixture drops with its own database
            try (Connection admin = db.connectAsAdmin(); Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS \"" + result.keptAs() + "\"");
            }
        }
    }

    @Test
    void aRestoreWithoutTheRightConfirmationChangesNothing() {
        Lockstep lockstep = migrations.withSnapshots(db, snapshots).build();
        Snapshot snapshot = lockstep.migrate().snapshot();
        DatabaseState migrated = DatabaseState.of(db, TABLES);

        assertThatThrownBy(() -> lockstep.snapshots().restore(snapshot.id(), RestoreStyle.IN_PLACE, "production"))
                .isInstanceOf(SnapshotFailedException.class)
                .hasMessageContaining("Restore refused: it replaces every table of database " + db.name()
                        + " with snapshot " + snapshot.id() + ", and the confirmation names 'production'")
                .hasMessageContaining("Pass the database name \"" + db.name() + "\" to confirm");
        assertThat(DatabaseState.of(db, TABLES)).isEqualTo(migrated);
    }

    @Test
    void aTruncatedArchiveFailsVerificationAndIsNotRestored() throws Exception {
        Lockstep lockstep = migrations.withSnapshots(db, snapshots).build();
        Snapshot snapshot = lockstep.migrate().snapshot();
        DatabaseState migrated = DatabaseState.of(db, TABLES);
        try (RandomAccessFile file = new RandomAccessFile(snapshot.file().toFile(), "rw")) {
            file.setLength(snapshot.sizeBytes() / 2);
        }

        assertThatThrownBy(() -> lockstep.snapshots().verify(snapshot.id()))
                .isInstanceOf(SnapshotFailedException.class)
                .satisfies(e -> assertThat(((LockstepException) e).code()).isEqualTo(ErrorCode.SNAPSHOT_INVALID))
                .hasMessageContaining("Snapshot " + snapshot.id() + " must not be restored: its archive changed since"
                        + " it was taken");
        assertThatThrownBy(() -> lockstep.snapshots().restore(snapshot.id(), RestoreStyle.IN_PLACE, db.name()))
                .isInstanceOf(SnapshotFailedException.class)
                .hasMessageContaining("must not be restored");
        assertThat(DatabaseState.of(db, TABLES)).isEqualTo(migrated);
    }

    @Test
    void aFlippedByteFailsVerificationAndIsNotRestored() throws Exception {
        Lockstep lockstep = migrations.withSnapshots(db, snapshots).build();
        Snapshot snapshot = lockstep.migrate().snapshot();
        assertThat(lockstep.snapshots().verify(snapshot.id())).isEqualTo(snapshot);
        try (RandomAccessFile file = new RandomAccessFile(snapshot.file().toFile(), "rw")) {
            long middle = snapshot.sizeBytes() / 2;
            file.seek(middle);
            int original = file.read();
            file.seek(middle);
            file.write(original ^ 0x01);
        }

        assertThatThrownBy(() -> lockstep.snapshots().restore(snapshot.id(), RestoreStyle.SWAP, db.name()))
                .isInstanceOf(SnapshotFailedException.class)
                .hasMessageContaining("its archive changed since it was taken (SHA-256 ")
                .hasMessageContaining("the manifest records " + snapshot.sha256());
    }

    @Test
    void anUnknownIdIsNamedWithWhereToLook() {
        Lockstep lockstep = migrations.withSnapshots(db, snapshots).build();

        assertThatThrownBy(() -> lockstep.snapshots().verify("lockstep-nothing-here"))
                .isInstanceOf(SnapshotFailedException.class)
                .satisfies(e -> assertThat(((LockstepException) e).code()).isEqualTo(ErrorCode.SNAPSHOT_NOT_FOUND))
                .hasMessageContaining("No snapshot lockstep-nothing-here in snapshot.directory=" + snapshots);
    }
}
