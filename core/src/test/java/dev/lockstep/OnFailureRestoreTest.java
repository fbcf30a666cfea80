package dev.lockstep;

import static dev.lockstep.LockstepSettings.ON_FAILURE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code on-failure=restore}: a failed migration that ran outside a transaction left changes behind, and the
 * snapshot of the run puts the database back; a failed transactional migration rolled back by itself, and
 * nothing is restored.
 */
@PostgresTest
class OnFailureRestoreTest {
    private static final List<String> TABLES = List.of("customers", "orders", "flyway_schema_history");

    private final TestDatabase db;
    @TempDir
    Path dir;
    @TempDir
    Path snapshots;
    Migrations migrations;

    OnFailureRestoreTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void schemaAtV3WithDuplicates() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        migrations = Migrations.standard(dir);
        migrations.lockstep(db).build().migrate();
        db.execute("INSERT INTO customers SELECT g, 'same name' FROM generate_series(1, 50) g");
    }

    @Test
    void aFailedNonTransactionalMigrationIsUndoneFromTheSnapshot() {
        DatabaseState before = DatabaseState.of(db, TABLES);
        // CONCURRENTLY runs outside a transaction: the new table stays, and the failed index is left INVALID
        migrations.add("V4__unique_names.sql", "CREATE TABLE audit (id bigint);\n"
                + "CREATE UNIQUE INDEX CONCURRENTLY customers_name ON customers (name);");

        MigrationFailedException failure = catchThrowableOfType(MigrationFailedException.class,
                () -> migrations.withSnapshots(db, snapshots).set(ON_FAILURE, OnFailure.RESTORE)
                        .flyway(f -> f.mixed(true)).build().migrate());

        assertThat(failure.getMessage()).contains("V4", "The failed migration left changes behind, so snapshot "
                + failure.report().snapshot().id() + " was restored in place (on-failure=restore): the database is as"
                + " it was before this run.");
        assertThat(failure.report().restored()).isTrue();
        assertThat(failure.report().toVersion()).isEqualTo("3");
        assertThat(DatabaseState.of(db, TABLES)).isEqualTo(before);
        assertThat(db.queryString("SELECT to_regclass('audit')::text")).isNull();
        assertThat(db.queryString("SELECT outcome FROM lockstep_runs ORDER BY id DESC LIMIT 1")).isEqualTo("FAILED");
    }

    @Test
    void aFailedTransactionalMigrationRolledBackAndNothingIsRestored() {
        DatabaseState before = DatabaseState.of(db, TABLES);
        migrations.add("V4__unique_names.sql", "CREATE TABLE audit (id bigint);\n"
                + "CREATE UNIQUE INDEX customers_name ON customers (name);");

        MigrationFailedException failure = catchThrowableOfType(MigrationFailedException.class,
                () -> migrations.withSnapshots(db, snapshots).set(ON_FAILURE, OnFailure.RESTORE).build().migrate());

        assertThat(failure.getMessage()).contains("Nothing needed restoring (on-failure=restore): the failed"
                + " migration ran in a transaction and was rolled back.");
        assertThat(failure.report().restored()).isFalse();
        assertThat(failure.report().snapshot()).isNotNull();
        assertThat(DatabaseState.of(db, TABLES)).isEqualTo(before);
    }
}
