package dev.lockstep.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration step of a deployment, as an operator runs it: the CLI distribution reads the migrations from this
 * sample's packaged jar ({@code lockstep migrate --jar target/orders.jar}), and the application started afterwards
 * from the same jar finds nothing left to do.
 */
@PostgresTest
class CliOnThePackagedJarIT {
    private static final Path LAUNCHER = Path.of(System.getProperty("lockstep.cli.home", "cli-home-not-set"), "bin",
            "lockstep");
    private static final Path JAR = Path.of(System.getProperty("sample.jar", "target/orders.jar")).toAbsolutePath();

    private final TestDatabase db;
    @TempDir
    Path dir;

    CliOnThePackagedJarIT(TestDatabase db) {
        this.db = db;
    }

    @Test
    void theCliMigratesFromTheJarAndTheApplicationThenFindsNothingPending() throws Exception {
        Run migrate = lockstep("migrate", "--jar", JAR.toString(), "--set", "snapshot.directory=" + dir);
        Run status = lockstep("status", "--jar", JAR.toString());

        assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
        assertThat(migrate.stdout()).as(migrate.toString()).startsWith("MIGRATED <empty> -> v6 (6 applied)");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.stdout()).contains("UP_TO_DATE").contains("Target:   v6");
        assertThat(migrate + status.toString()).doesNotContain(db.password());

        try (PackagedSample sample = PackagedSample.start("after-cli", Map.of(
                "SPRING_DATASOURCE_URL", db.jdbcUrl(),
                "SPRING_DATASOURCE_USERNAME", db.user(),
                "SPRING_DATASOURCE_PASSWORD", db.password(),
                "LOCKSTEP_SNAPSHOT_DIRECTORY", dir.toString()))) {
            Http http = sample.awaitReady(Duration.ofMinutes(3));

            Http.Response health = http.get("/actuator/health");
            assertThat(health.<String>json("$.components.lockstep.details.state")).isEqualTo("UP_TO_DATE");
            assertThat(health.<String>json("$.components.lockstep.details.currentVersion")).isEqualTo("6");
            assertThat(sample.output()).doesNotContain("migrated <empty>");
        }
        assertThat(db.queryColumn("SELECT outcome || ' ' || applied FROM lockstep_runs"))
                .as("the CLI's run is the only one that applied anything").containsExactly("MIGRATED 6");
    }

    /** One finished run of the distribution's launcher, the password in the environment only. */
    private record Run(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit code " + exitCode + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }

    private Run lockstep(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "cli", ".out");
        Path err = Files.createTempFile(dir, "cli", ".err");
        List<String> command = new java.util.ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--url", db.jdbcUrl(), "--user", db.user()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("LOCKSTEP_") || key.startsWith("PG"));
        builder.environment().put("LOCKSTEP_PASSWORD", db.password());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("lockstep " + args[0] + " finished").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
