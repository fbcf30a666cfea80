package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --jar} reads the migrations from the application's own artifact, where the application would: SQL files
 * and a Java migration whose library only the artifact holds. Each layout migrates a fresh database.
 */
class ApplicationJarIT {
    @TempDir
    Path dir;

    @Test
    void aSpringBootExecutableJarIsReadFromBootInfClassesAndLibCopiedToATemporaryDirectoryRemovedAfterwards()
            throws Exception {
        Path temporary = Files.createDirectories(dir.resolve("tmp"));

        assertMigratesFrom(ApplicationJars::springBoot, "-Djava.io.tmpdir=" + temporary);

        try (Stream<Path> left = Files.list(temporary)) {
            assertThat(left).as("what the CLI copied out of the jar").isEmpty();
        }
    }

    @Test
    void aQuarkusFastJarIsReadFromItsAppAndLibDirectories() {
        assertMigratesFrom(ApplicationJars::quarkus);
    }

    @Test
    void aQuarkusFastJarIsReadFromItsDirectoryToo() {
        assertMigratesFrom(directory -> ApplicationJars.quarkus(directory).getParent());
    }

    @Test
    void aPlainJarIsReadFromItsRoot() {
        assertMigratesFrom(ApplicationJars::plain);
    }

    @Test
    void somethingElseIsRefusedAsAUsageError() {
        Cli.Result result = Cli.lockstep("status", "--url", "jdbc:postgresql://127.0.0.1:1/none", "--user", "nobody",
                "--jar", dir.toString()).run();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("--jar " + dir + " is a directory without quarkus-run.jar");
    }

    private void assertMigratesFrom(Function<Path, Path> layout) {
        assertMigratesFrom(layout, "");
    }

    private void assertMigratesFrom(Function<Path, Path> layout, String javaOptions) {
        Path artifact = layout.apply(dir);
        try (TestDatabase db = TestDatabase.create("application_jar_it")) {
            Cli.Result migrate = Cli.lockstep(db, "migrate", "--jar", artifact.toString(),
                    "--set", "snapshot.enabled=false").env("JAVA_OPTS", javaOptions).run();
            Cli.Result status = Cli.lockstep(db, "status", "--jar", artifact.toString()).run();

            assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
            assertThat(migrate.stdout()).startsWith("MIGRATED <empty> -> v4 (4 applied)")
                    .containsPattern("v4\\s+seed customers");
            assertThat(db.queryColumn("SELECT name FROM customers ORDER BY id")).containsExactly("Ada", "Grace");
            assertThat(db.queryColumn("SELECT type FROM flyway_schema_history ORDER BY installed_rank"))
                    .containsExactly("SQL", "SQL", "SQL", "JDBC");
            assertThat(status.stdout()).contains("UP_TO_DATE").contains("Target:   v4");
        }
    }
}
