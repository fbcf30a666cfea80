package dev.lockstep;

import static dev.lockstep.LockstepSettings.SNAPSHOT_PG_DUMP_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An in-place restore is all or nothing: it drops what was created after the snapshot (tables with identity and
 * serial columns too), and when pg_restore stops before its end (killed with its JVM, out of memory, a read error),
 * psql has run part of the script, dropping tables, and must not commit it. The schema is at V1 (100 customers) when
 * the snapshot is taken, then V2 adds tables and a customer.
 */
@PostgresTest
class InPlaceRestoreTest {
    private final TestDatabase db;
    @TempDir
    Path dir;
    @TempDir
    Path root;
    Path snapshots;
    Migrations migrations;

    InPlaceRestoreTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void schemaAtV1() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        migrations = Migrations.in(dir).add("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);"
                + " INSERT INTO customers SELECT generate_series(1, 100);");
        migrations.lockstep(db).build().migrate();
        migrations.add("V2__orders.sql", "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);"
                + " CREATE TABLE notes (id serial PRIMARY KEY); INSERT INTO customers VALUES (101);");
        snapshots = root.resolve("snapshots");
    }

    @Test
    void tablesWithIdentityAndSerialColumnsCreatedAfterTheSnapshotAreDropped() {
        Lockstep lockstep = migrations.withSnapshots(db, snapshots).build();
        Snapshot atV1 = lockstep.migrate().snapshot();

        lockstep.snapshots().restore(atV1.id(), RestoreStyle.IN_PLACE, db.name());

        assertThat(db.queryLong("SELECT count(*) FROM customers")).isEqualTo(100);
        assertThat(db.queryColumn("SELECT relname FROM pg_class WHERE relname IN ('orders', 'orders_id_seq', 'notes',"
                + " 'notes_id_seq')")).isEmpty();
        assertThat(db.queryColumn("SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                .containsExactly("1");
    }

    @Test
    void aRestoreWhosePgRestoreStopsBeforeItsEndChangesNothing() throws Exception {
        Path bin = root.resolve("bin");
        Path pgDump = StandInPgDump.write(bin, "", "exec " + StandInPgDump.real("pg_dump") + " \"$@\"");
        // The real script but its final COMMIT, then a failure: what psql reads from a pg_restore that stopped.
        Files.writeString(bin.resolve("pg_restore"), "#!/bin/sh\ncase \" $* \" in *\" --clean \"*)\n"
                + "  " + StandInPgDump.real("pg_restore") + " \"$@\" | grep -v '^COMMIT;$'\n"
                + "  echo 'pg_restore: error: could not read from input file: end of file' >&2; exit 1;;\n"
                + "esac\nexec " + StandInPgDump.real("pg_restore") + " \"$@\"\n");
        Files.setPosixFilePermissions(bin.resolve("pg_restore"), PosixFilePermissions.fromString("rwx------"));
        Lockstep lockstep = migrations.withSnapshots(db, snapshots).set(SNAPSHOT_PG_DUMP_PATH, pgDump).build();
        Snapshot atV1 = lockstep.migrate().snapshot();

        assertThatThrownBy(() -> lockstep.snapshots().restore(atV1.id(), RestoreStyle.IN_PLACE, db.name()))
                .isInstanceOf(SnapshotFailedException.class)
                .satisfies(e -> assertThat(((LockstepException) e).code()).isEqualTo(ErrorCode.RESTORE_FAILED))
                .hasMessageContaining("could not read from input file: end of file")
                .hasMessageNotContaining("ERROR:")
                .hasMessageContaining("The transaction was rolled back: the database is as it was before the restore");

        assertThat(db.queryLong("SELECT count(*) FROM customers")).isEqualTo(101);
        assertThat(db.queryString("SELECT to_regclass('orders')::text")).isEqualTo("orders");
        assertThat(db.queryColumn("SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
                .containsExactly("1", "2");
    }
}
