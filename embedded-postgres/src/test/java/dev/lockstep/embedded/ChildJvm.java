package dev.lockstep.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A JVM running {@link ClusterMain} from this module's test class path, for the tests of what a separate JVM does
 * with its own server. Its output goes to {@code target/jvm-logs/}. This module cannot use the multi-JVM harness of
 * lockstep-test-support, which depends on it; this is the little those tests need.
 */
final class ChildJvm {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;
    private final Writer input;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.input = process.outputWriter(StandardCharsets.UTF_8);
    }

    static ChildJvm start(String name, Map<String, String> environment) {
        Path log = Path.of("target", "jvm-logs", name + "-" + System.nanoTime() + ".log").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ClusterMain.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            return new ChildJvm(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a JVM for " + ClusterMain.class.getName(), e);
        }
    }

    /** The first group of the first output line that matches, waiting for it up to the timeout. */
    String awaitLine(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return Awaitility.await("a line matching " + regex + " in " + log).atMost(TIMEOUT)
                .until(() -> firstMatch(pattern), Optional::isPresent).orElseThrow();
    }

    void sendLine(String line) {
        try {
            input.write(line + "\n");
            input.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to the child JVM; its output:\n" + output(), e);
        }
    }

    int waitFor() throws InterruptedException {
        assertThat(process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .as("the child JVM exited within " + TIMEOUT + "; its output:\n" + output()).isTrue();
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook runs. */
    void killHard() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + log, e);
        }
    }

    private Optional<String> firstMatch(Pattern pattern) {
        assertThat(process.isAlive() || output().lines().anyMatch(line -> pattern.matcher(line).matches()))
                .as("the child JVM is running; its output:\n" + output()).isTrue();
        return output().lines().map(pattern::matcher).filter(Matcher::matches).findFirst()
                .map(matcher -> matcher.group(1));
    }
}
