package dev.lockstep.samples.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Starts the packaged sample as the README's command does ({@code java -jar target/quarkus-app/quarkus-run.jar}, which
 * {@code exec:exec} runs) and checks that {@code /q/health/ready} answers UP with the {@code lockstep} check.
 */
class SampleStartsIT {
    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Sample> samples = new ArrayList<>();

    @Test
    void startsOnItsOwnThrowawayDatabaseAndAnswersReadiness() throws Exception {
        Sample sample = start(Map.of());

        HttpResponse<String> ready = sample.awaitReady();
        assertThat(ready.body()).contains("\"name\": \"lockstep\"").contains("\"state\": \"UP_TO_DATE\"")
                .contains("\"currentVersion\": \"6\"");

        HttpResponse<String> books = http.send(HttpRequest.newBuilder(sample.uri("/books")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(books.body()).contains("Invisible Cities").contains("\"publishedYear\":1974");

        HttpResponse<String> added = http.send(HttpRequest.newBuilder(sample.uri("/books"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"title\":\"If on a winter's night a traveler\",\"authorId\":2,\"publishedYear\":1979}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);

        // Lockstep took the snapshot and migrated; quarkus.flyway.migrate-at-start=true found nothing left to do.
        assertThat(sample.log()).contains("Database: jdbc:postgresql://").contains("snapshot lockstep-")
                .contains("migrated <empty> -> V6").contains("is up to date. No migration necessary.")
                .doesNotContainIgnoringCase("password=");
    }

    /**
     * Two replicas on one database, started at once, over migrations with CREATE INDEX CONCURRENTLY, configured
     * through the environment, a Lockstep setting included.
     */
    @Test
    void twoInstancesStartingTogetherMigrateOnce() throws Exception {
        TestDatabase database = TestDatabase.create("quarkus_sample_replicas");
        // The password travels in the environment, never on a command line.
        Map<String, String> environment = Map.of("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", database.user(), "QUARKUS_DATASOURCE_PASSWORD", database.password(),
                "QUARKUS_LOCKSTEP_SNAPSHOT_ENABLED", "false");
        Sample first = start(environment);
        Sample second = start(environment);

        assertThat(first.awaitReady().body()).contains("\"currentVersion\": \"6\"");
        assertThat(second.awaitReady().body()).contains("\"currentVersion\": \"6\"");

        assertThat(database.queryLong("SELECT count(*) FROM flyway_schema_history WHERE success")).isEqualTo(6);
        // QUARKUS_LOCKSTEP_SNAPSHOT_ENABLED=false reached the default datasource's settings.
        assertThat(database.queryColumn("SELECT outcome || ' ' || applied || ' '"
                + " || coalesce(snapshot_id, 'no snapshot') FROM lockstep_runs")).containsExactly("MIGRATED 6 no snapshot");
        assertThat(first.log() + second.log()).doesNotContain(database.password());
    }

    @AfterEach
    void stop() throws Exception {
        for (Sample sample : samples) {
            sample.stop();
        }
    }

    private Sample start(Map<String, String> environment) throws IOException {
        int port = freePort();
        Path output = Files.createTempFile("lockstep-quarkus-sample", ".log");
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("sample.jar"))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        command.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        command.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        command.environment().putAll(environment);
        Sample sample = new Sample(command.start(), port, output);
        samples.add(sample);
        return sample;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** One running sample JVM. */
    private final class Sample {
        private final Process process;
        private final int port;
        private final Path output;

        Sample(Process process, int port, Path output) {
            this.process = process;
            this.port = port;
            this.output = output;
        }

        URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }

        /** Polls readiness until it answers 200, the process dies, or the deadline passes. */
        HttpResponse<String> awaitReady() throws Exception {
            Instant deadline = Instant.now().plus(STARTUP);
            HttpResponse<String> last = null;
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new AssertionError("The sample exited with " + process.exitValue() + ":\n" + log());
                }
                try {
                    last = http.send(HttpRequest.newBuilder(uri("/q/health/ready")).timeout(Duration.ofSeconds(5))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (last.statusCode() == 200) {
                        return last;
                    }
                } catch (IOException notListeningYet) {
                    // The HTTP server is not up yet: poll again.
                }
                process.waitFor(250, TimeUnit.MILLISECONDS);
            }
            throw new AssertionError("The sample was not ready within " + STARTUP.toSeconds() + " s (last answer: "
                    + (last == null ? "none" : last.statusCode() + " " + last.body()) + "):\n" + log());
        }

        String log() {
            try {
                return Files.readString(output);
            } catch (IOException e) {
                return "(no output: " + e.getMessage() + ")";
            }
        }

        void stop() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
