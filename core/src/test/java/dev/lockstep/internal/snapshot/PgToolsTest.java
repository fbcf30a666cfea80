package dev.lockstep.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's pg_wrapper is stepped past to the newest installed client; any other pg_dump is used as it is. */
class PgToolsTest {
    @TempDir
    Path root;

    @Test
    void aPgDumpThatIsDebiansWrapperBecomesTheNewestVersionedOne() throws IOException {
        Path wrapper = executable(root.resolve("share/postgresql-common/pg_wrapper"));
        Path onPath = Files.createDirectories(root.resolve("bin")).resolve("pg_dump");
        Files.createSymbolicLink(onPath, wrapper);
        Path versions = root.resolve("lib/postgresql");
        executable(versions.resolve("9/bin/pg_dump"));
        executable(versions.resolve("13/bin/pg_dump"));
        Path newest = executable(versions.resolve("16/bin/pg_dump"));
        Files.createDirectories(versions.resolve("17/bin")); // a newer directory without the client: skipped

        assertThat(PgTools.pastDebianWrapper(onPath, versions)).isEqualTo(newest);
    }

    @Test
    void anyOtherPgDumpIsKept() throws IOException {
        Path pgDump = executable(root.resolve("opt/pg/bin/pg_dump"));
        executable(root.resolve("lib/postgresql/16/bin/pg_dump"));

        assertThat(PgTools.pastDebianWrapper(pgDump, root.resolve("lib/postgresql"))).isEqualTo(pgDump);
        assertThat(PgTools.pastDebianWrapper(root.resolve("missing/pg_dump"), root.resolve("lib/postgresql")))
                .isEqualTo(root.resolve("missing/pg_dump"));
    }

    private static Path executable(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
