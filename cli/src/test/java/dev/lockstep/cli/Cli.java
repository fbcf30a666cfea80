package dev.lockstep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.CapturedLogs;
import dev.lockstep.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code bin/lockstep} from the unpacked distribution in a child process, as an operator would: arguments,
 * environment, stdout and stderr kept apart (each in a file under {@code target/cli-runs}, registered for the secret
 * scan). The environment is the test JVM's without any {@code LOCKSTEP_*} or {@code PG*} variable, with
 * {@code HOME} in a directory of its own (no ~/.pgpass of the machine) and {@code JAVA_HOME} this JVM's.
 */
final class Cli {
    static final Path HOME = Path.of(System.getProperty("lockstep.cli.home", "target/lockstep-cli-home-not-set"));
    static final Path LAUNCHER = HOME.resolve("bin").resolve("lockstep");
    private static final Path RUNS = Path.of("target", "cli-runs").toAbsolutePath();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final List<String> args = new ArrayList<>();
    private final Map<String, String> environment = new HashMap<>();
    private Path command = LAUNCHER;
    private boolean onTerminal;

    private Cli() {}

    static Cli lockstep(String... args) {
        Cli cli = new Cli();
        cli.args.addAll(List.of(args));
        return cli;
    }

    /** The command with {@code --url} and {@code --user} of the database, and its password in LOCKSTEP_PASSWORD. */
    static Cli lockstep(TestDatabase db, String... args) {
        return lockstep(args).args("--url", db.jdbcUrl(), "--user", db.user()).env("LOCKSTEP_PASSWORD", db.password());
    }

    Cli args(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    Cli env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Runs another path to the launcher (a symlink to it, say). */
    Cli via(Path launcher) {
        command = launcher;
        return this;
    }

    /** Runs the command on a pseudo-terminal (util-linux script), as an operator's shell would. */
    Cli onTerminal() {
        onTerminal = true;
        return this;
    }

    /** A finished run. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit code " + exitCode + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }

    Result run() {
        return start().waitFor(Duration.ofMinutes(3));
    }

    Running start() {
        try {
            Files.createDirectories(RUNS);
            int number = COUNTER.incrementAndGet();
            String name = (args.isEmpty() ? "none" : args.get(0)) + "-" + number;
            Path stdout = RUNS.resolve(name + ".out");
            Path stderr = RUNS.resolve(name + ".err");
            CapturedLogs.registerFile(stdout);
            CapturedLogs.registerFile(stderr);
            Path home = Files.createDirectories(RUNS.resolve("home-" + number));
            List<String> command = new ArrayList<>();
            command.add(this.command.toString());
            command.addAll(args);
            if (onTerminal) {
                String line = String.join(" ", command.stream().map(arg -> "'" + arg.replace("'", "'\\''") + "'")
                        .toList());
                command = List.of("script", "--quiet", "--return", "--flush", "--command", line, "/dev/null");
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(devNull()));
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(key -> key.startsWith("LOCKSTEP_") || key.startsWith("PG") || key.equals("JAVA_OPTS"));
            env.put("HOME", home.toString());
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.putAll(environment);
            return new Running(builder.start(), stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.io.File devNull() {
        return new java.io.File("/dev/null");
    }

    /** A run under way. */
    static final class Running {
        private final Process process;
        private final Path stdout;
        private final Path stderr;

        Running(Process process, Path stdout, Path stderr) {
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        long pid() {
            return process.pid();
        }

        String stderrSoFar() {
            return read(stderr);
        }

        boolean isAlive() {
            return process.isAlive();
        }

        Result waitFor(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError("bin/lockstep did not exit within " + timeout + "; killed it. Its stderr:\n"
                            + read(stderr));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new AssertionError("interrupted", e);
            }
            return new Result(process.exitValue(), read(stdout), read(stderr));
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a migration set from the test resources into a directory, for {@code --locations filesystem:}. */
    static Path migrations(String set, Path directory) {
        try {
            Path source = Path.of("src", "test", "resources", "migrations", set);
            Files.createDirectories(directory);
            try (var files = Files.list(source)) {
                for (Path file : files.toList()) {
                    Files.copy(file, directory.resolve(file.getFileName()));
                }
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertLauncherBuilt() {
        assertThat(LAUNCHER).as("bin/lockstep of the unpacked distribution (built by package)").isExecutable();
    }
}
