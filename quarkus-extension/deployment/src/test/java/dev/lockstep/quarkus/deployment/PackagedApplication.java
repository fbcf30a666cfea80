package dev.lockstep.quarkus.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One JVM running a packaged application as a user runs it ({@code java -jar quarkus-app/quarkus-run.jar}), configured
 * through its environment only: passwords never travel on a command line. Its output goes to a file.
 */
final class PackagedApplication implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path output;

    private PackagedApplication(Process process, int port, Path output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** Starts the application in {@code jar} with these environment variables on top of this JVM's. */
    static PackagedApplication start(Path jar, Map<String, String> environment) {
        try {
            int port = freePort();
            Path output = Files.createTempFile("lockstep-packaged-app", ".log");
            Path workingDirectory = Files.createTempDirectory("lockstep-packaged-app");
            ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", jar.toString())
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            command.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
            command.environment().putAll(environment);
            return new PackagedApplication(command.start(), port, output);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + jar, e);
        }
    }

    /** Polls {@code /q/health/ready} until it answers 200, the process exits, or the timeout passes. */
    String awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String last = "none";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("The application exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException notListeningYet) {
                // The HTTP server is not up yet: poll again.
            }
            process.waitFor(250, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("Not ready within " + timeout + " (last answer: " + last + "):\n" + output());
    }

    /** Waits for the process to exit and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Still running after " + timeout + "; killed it:\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
