package dev.lockstep.internal.snapshot;

import static dev.lockstep.LockstepSettings.SNAPSHOT_DIRECTORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.LockstepSettings;
import dev.lockstep.internal.connect.ConnectionDetails;
import dev.lockstep.internal.connect.Connections;
import java.io.IOException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What {@code pg_restore --list} proves about an archive read back, and how its failure reads: the child's own error,
 * or the failure of what fed it the archive (an object store's read), with passwords masked.
 */
class TableOfContentsTest {
    private static final String TOC = ";\n; Archive created at 2026-11-28 15:04:38 UTC\n;\n215; 1259 16386 TABLE public orders app\n";

    @TempDir
    Path dir;

    @Test
    void countsTheEntriesOfTheTableOfContents() throws Exception {
        assertThat(PgDump.toc(new ChildProcess.Result(0, TOC, "", false), provider()).entries()).isEqualTo(1);
    }

    @Test
    void aFailedReadOfTheArchiveIsNamedNotAnEmptyError() {
        ChildProcess.Result killed = new ChildProcess.Result(-1, "", "", false,
                new IOException("connection reset by localhost for user app with password=hunter2"));

        assertThatThrownBy(() -> PgDump.toc(killed, provider())).isInstanceOf(PgDump.Unreadable.class)
                .hasMessage("pg_restore --list stopped: reading the archive failed: connection reset by localhost for"
                        + " user app with password=***");
    }

    @Test
    void theChildsOwnErrorOtherwise() {
        ChildProcess.Result failed = new ChildProcess.Result(1, "", "pg_restore: error: input file is too short", false);

        assertThatThrownBy(() -> PgDump.toc(failed, provider())).isInstanceOf(PgDump.Unreadable.class)
                .hasMessage("pg_restore --list failed: pg_restore: error: input file is too short");
    }

    private PgDumpProvider provider() throws IOException {
        DataSource dataSource = new PGSimpleDataSource();
        ConnectionDetails details = new ConnectionDetails("jdbc:postgresql://localhost/app", "app", "hunter2");
        return new PgDumpProvider(LockstepSettings.builder().set(SNAPSHOT_DIRECTORY, dir).build(),
                new Connections(dataSource, details, "test"));
    }
}
