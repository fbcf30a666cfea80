package dev.lockstep.embedded.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short external command (initdb, pg_ctl, pg_config) and returns its exit code and output.
 *
 * <p>Output goes to a file, not a pipe: {@code pg_ctl start} leaves a server running, and a pipe that a daemon might
 * inherit would never reach end-of-file. Commands never carry a password: secrets travel in files.
 */
public final class Command {
    private Command() {}

    public record Result(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    public static Result run(List<String> command, Path workingDirectory, Duration timeout) {
        Path output = null;
        try {
            output = Files.createTempFile("lockstep-command-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(new File("/dev/null"));
            withoutLibpqVariables(builder.environment());
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout
                        + " and was killed. Its output:\n" + read(output));
            }
            return new Result(process.exitValue(), read(output));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    /** The executable of that name in a PATH directory, if any. */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty()) {
                Path candidate = Path.of(directory, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Removes PGHOST, PGPORT, PGDATA and the like: set for the developer's own database, they would steer the
     * private server's tools somewhere else.
     */
    public static void withoutLibpqVariables(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("PG"));
    }

    /** The last lines of a text, for error messages that must stay readable. */
    public static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
