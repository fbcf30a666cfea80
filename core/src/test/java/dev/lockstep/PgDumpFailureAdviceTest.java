package dev.lockstep;

import static dev.lockstep.LockstepSettings.SNAPSHOT_PG_DUMP_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The advice added to a failed pg_dump's error follows from the error a real pg_dump printed, not from a word that
 * happens to appear in it: a lock wait that ran out gets the lock advice; a table named {@code locks}, or a snapshot
 * directory with {@code lock} in its path, does not.
 */
@PostgresTest
class PgDumpFailureAdviceTest {
    private static final String LOCK_ADVICE = "for a table that another session holds locked exclusively";
    private final TestDatabase db;
    @TempDir
    Path dir;
    @TempDir
    Path root;
    Migrations migrations;

    PgDumpFailureAdviceTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void schemaAtV1WithV2Pending() {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        migrations = Migrations.in(dir).add("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);");
        migrations.lockstep(db).build().migrate();
        migrations.add("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);");
    }

    @Test
    void aLockWaitThatRanOutGetsTheLockAdvice() throws Exception {
        // The real pg_dump, with its lock wait cut to 0.3 s (a later option wins).
        Path pgDump = StandInPgDump.write(root.resolve("bin"), "", "exec " + StandInPgDump.real("pg_dump")
                + " \"$@\" --lock-wait-timeout=300");
        try (Connection blocker = db.connect(); Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE");

            assertThatThrownBy(() -> migrations.withSnapshots(db, root.resolve("snapshots"))
                    .set(SNAPSHOT_PG_DUMP_PATH, pgDump).build().migrate())
                    .isInstanceOf(SnapshotFailedException.class)
                    .hasMessageContaining("canceling statement due to statement timeout")
                    .hasMessageContaining("Query was: LOCK TABLE public.customers IN ACCESS SHARE MODE")
                    .hasMessageContaining("pg_dump waited 60 s (its --lock-wait-timeout) " + LOCK_ADVICE);
            blocker.rollback();
        }
    }

    @Test
    void aTableNamedLocksIsNoLockProblem() {
        // Forced row-level security makes pg_dump (which sets row_security=off) fail on this table, naming it.
        db.execute("CREATE TABLE locks (id bigint)", "ALTER TABLE locks ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE locks FORCE ROW LEVEL SECURITY", "CREATE POLICY everyone ON locks USING (true)");
        try {
            assertThatThrownBy(() -> migrations.withSnapshots(db, root.resolve("lock-snapshots")).build().migrate())
                    .isInstanceOf(SnapshotFailedException.class)
                    .hasMessageContaining("query would be affected by row-level security policy for table \"locks\"")
                    .hasMessageContaining("Fix the cause above, or set snapshot.required=false")
                    .hasMessageNotContaining(LOCK_ADVICE);
        } finally {
            db.execute("DROP TABLE locks");
        }
    }

    @Test
    void aPathWithLockInItIsNoLockProblem() {
        Path snapshots = root.resolve("locks-and-keys").resolve("lockstep");
        Path pgDump = StandInPgDump.write(root.resolve("bin"), "", "for arg in \"$@\"; do case \"$arg\" in --file=*)"
                + " file=\"${arg#--file=}\";; esac; done\n"
                + "echo \"pg_dump: error: could not open output file \\\"$file.lock\\\": No such file or directory\" >&2;"
                + " exit 1");

        assertThatThrownBy(() -> migrations.withSnapshots(db, snapshots).set(SNAPSHOT_PG_DUMP_PATH, pgDump).build()
                .migrate())
                .isInstanceOf(SnapshotFailedException.class)
                .hasMessageContaining("could not open output file \"" + snapshots)
                .hasMessageContaining("Fix the cause above, or set snapshot.required=false")
                .hasMessageNotContaining(LOCK_ADVICE);
        assertThat(db.queryString("SELECT to_regclass('orders')::text")).isNull();
    }
}
