package dev.lockstep.samples.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Starts the packaged sample as the README's command does ({@code java -jar target/quarkus-app/quarkus-run.jar}, which
 * {@code exec:exec} runs), with no database given: it starts its own throwaway PostgreSQL, Lockstep migrates it, and
 * {@code /q/health/ready} answers UP with the {@code lockstep} check.
 */
class SampleStartsIT {
    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process sample;
    private Path output;

    @Test
    void startsAndAnswersReadiness() throws Exception {
        int port = freePort();
        output = Files.createTempFile("lockstep-quarkus-sample", ".log");
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("sample.jar"))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        command.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        command.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        sample = command.start();

        HttpResponse<String> ready = awaitReady("http://localhost:" + port + "/q/health/ready");
        assertThat(ready.statusCode()).as(log()).isEqualTo(200);
        assertThat(ready.body()).contains("\"name\": \"lockstep\"").contains("\"state\": \"UP_TO_DATE\"")
                .contains("\"currentVersion\": \"6\"");

        HttpResponse<String> books = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/books"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(books.body()).contains("Invisible Cities").contains("\"publishedYear\":1974");

        HttpResponse<String> added = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/books"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"title\":\"If on a winter's night a traveler\",\"authorId\":2,\"publishedYear\":1979}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);

        assertThat(log()).contains("Database: jdbc:postgresql://").contains("migrated <empty> -> V6")
                .doesNotContainIgnoringCase("password=");
    }

    @AfterEach
    void stop() throws Exception {
        if (sample != null && sample.isAlive()) {
            sample.destroy();
            if (!sample.waitFor(30, TimeUnit.SECONDS)) {
                sample.destroyForcibly();
            }
        }
    }

    /** Polls until the endpoint answers 200, the process dies, or the deadline passes; returns the last answer. */
    private HttpResponse<String> awaitReady(String url) throws Exception {
        Instant deadline = Instant.now().plus(STARTUP);
        HttpResponse<String> last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!sample.isAlive()) {
                throw new AssertionError("The sample exited with " + sample.exitValue() + ":\n" + log());
            }
            try {
                last = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (last.statusCode() == 200) {
                    return last;
                }
            } catch (IOException notListeningYet) {
                // The HTTP server is not up yet: poll again.
            }
            sample.waitFor(250, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("The sample was not ready within " + STARTUP.toSeconds() + " s (last answer: "
                + (last == null ? "none" : last.statusCode() + " " + last.body()) + "):\n" + log());
    }

    private String log() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
