package dev.lockstep.samples.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged sample running as a user runs it: {@code java -jar target/orders.jar} in a process of its own, on a
 * free port it reports itself ({@code --server.port=0}), its output in {@code target/jar-logs/<name>.log}. The
 * database comes from the environment, never from the command line.
 */
final class PackagedSample implements AutoCloseable {
    private static final Path JAR = Path.of(System.getProperty("sample.jar", "target/orders.jar"));
    private static final Path LOGS = Path.of("target", "jar-logs");
    private static final Pattern READY = Pattern.compile("Orders service ready: curl http://localhost:(\\d+)/");
    /** Variables of this JVM's environment that would point the sample elsewhere; each test sets its own. */
    private static final List<String> CLEARED = List.of("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
            "SPRING_DATASOURCE_PASSWORD", "SERVER_PORT");

    private final String name;
    private final Process process;
    private final Path log;

    private PackagedSample(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static PackagedSample start(String name, Map<String, String> environment) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("No packaged sample at " + JAR.toAbsolutePath() + ": run mvn package");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toAbsolutePath().toString(),
                "--server.port=0"));
        try {
            Files.createDirectories(LOGS);
            Path log = LOGS.resolve(name + ".log").toAbsolutePath();
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            CLEARED.forEach(builder.environment()::remove);
            builder.environment().putAll(environment);
            return new PackagedSample(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the packaged sample " + name + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the sample says it is ready and returns a client for its port. */
    Http awaitReady(Duration timeout) {
        try {
            int port = Awaitility.await(name + " ready").atMost(timeout).pollInterval(Duration.ofMillis(250))
                    .until(this::readyPort, found -> found > 0 || !process.isAlive());
            if (port < 0) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before it was ready:\n"
                        + output());
            }
            return new Http(port);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " was not ready within " + timeout + ":\n" + output(), e);
        }
    }

    private int readyPort() {
        Matcher ready = READY.matcher(output());
        return ready.find() ? Integer.parseInt(ready.group(1)) : process.isAlive() ? 0 : -1;
    }

    /** Everything it printed so far. */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Stops it as a container runtime would: SIGTERM, then SIGKILL after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
