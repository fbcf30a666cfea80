package dev.lockstep;

import static dev.lockstep.LockstepSettings.SNAPSHOT_PG_DUMP_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a running pg_dump exposes: its command line and environment are readable by other processes of the
 * machine ({@code /proc/<pid>/cmdline}, and {@code environ} for the same user), so neither may hold the password.
 * A stand-in records both from inside the child, then runs the real pg_dump with the same arguments.
 */
@PostgresTest
class SnapshotSecretsTest {
    private final TestDatabase db;
    @TempDir
    Path dir;
    @TempDir
    Path root;
    Path spy;

    SnapshotSecretsTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeEach
    void emptySchema() throws Exception {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        spy = Files.createDirectories(root.resolve("spy"));
    }

    @Test
    void pgDumpSeesNoPasswordOnItsCommandLineOrInItsEnvironmentAndThePassfileIsGoneAfterwards() throws Exception {
        Path pgDump = StandInPgDump.write(root.resolve("bin"), "", record() + "\nexec " + StandInPgDump.real("pg_dump")
                + " \"$@\"");

        MigrationReport report = Migrations.standard(dir).withSnapshots(db, root.resolve("snapshots"))
                .set(SNAPSHOT_PG_DUMP_PATH, pgDump).build().migrate();

        assertThat(report.snapshot()).isNotNull();
        String commandLine = Files.readString(spy.resolve("cmdline"));
        String environment = Files.readString(spy.resolve("environ"));
        assertThat(commandLine).contains("--format=custom").doesNotContain(db.password());
        assertThat(environment).doesNotContain(db.password()).doesNotContain("PGPASSWORD")
                .contains("PGUSER=" + db.user() + "\n", "PGDATABASE=" + db.name() + "\n", "PGAPPNAME=lockstep-snapshot-");
        assertThat(Files.readString(spy.resolve("passfile-mode"))).startsWith("-rw-------");
        assertThat(Files.readString(spy.resolve("passfile-content"))).isEqualTo("*:*:*:*:" + escaped(db.password()) + "\n");
        assertThat(Path.of(passfile())).as("the passfile is deleted after the dump").doesNotExist();
    }

    @Test
    void thePassfileIsDeletedAfterAFailedDumpToo() throws Exception {
        Path pgDump = StandInPgDump.write(root.resolve("bin"), "", record() + "\necho 'pg_dump: error: connection"
                + " to server failed' >&2; exit 1");

        assertThatThrownBy(() -> Migrations.standard(dir).withSnapshots(db, root.resolve("snapshots"))
                .set(SNAPSHOT_PG_DUMP_PATH, pgDump).build().migrate())
                .isInstanceOf(SnapshotFailedException.class)
                .hasMessageContaining("pg_dump failed (exit code 1): pg_dump: error: connection to server failed")
                .hasMessageNotContaining(db.password());

        assertThat(Path.of(passfile())).as("the passfile is deleted after a failed dump").doesNotExist();
    }

    /** Shell lines that copy what the child sees into the spy directory. */
    private String record() {
        return "tr '\\0' '\\n' < /proc/$$/cmdline > " + spy + "/cmdline\n"
                + "tr '\\0' '\\n' < /proc/$$/environ > " + spy + "/environ\n"
                + "echo \"$PGPASSFILE\" > " + spy + "/passfile-path\n"
                + "ls -l \"$PGPASSFILE\" > " + spy + "/passfile-mode\n"
                + "cat \"$PGPASSFILE\" > " + spy + "/passfile-content";
    }

    private String passfile() throws Exception {
        String path = Files.readString(spy.resolve("passfile-path")).strip();
        assertThat(path).as("PGPASSFILE was set").isNotEmpty();
        return path;
    }

    private static String escaped(String password) {
        return password.replace("\\", "\\\\").replace(":", "\\:");
    }
}
