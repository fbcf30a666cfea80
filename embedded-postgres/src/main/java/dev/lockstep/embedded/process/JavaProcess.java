package dev.lockstep.embedded.process;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A separate JVM running a main class: a replica for multi-process tests (concurrent starts, a process killed in the
 * middle of a migration) and for the benchmarks' separate-JVM rounds.
 *
 * <p>Its stdout and stderr are merged, written to {@code <log directory>/<name>-<pid>.log} (by default
 * {@code target/jvm-logs}; every such file is listed by {@link #logFiles()}, which the tests' secret scan reads) and
 * kept for {@link #output()} and {@link #awaitOutput}. Pass secrets through {@link Builder#env}, never through
 * arguments: a command line is visible to every user of the machine. Every JVM still running when this JVM exits is
 * killed.
 *
 * <pre>{@code
 * JavaProcess replica = JavaProcess.builder(ReplicaMain.class).name("replica-1")
 *         .env("REPLICA_PASSWORD", db.password()).args(db.jdbcUrl(), db.user()).start();
 * assertThat(replica.waitFor(Duration.ofSeconds(60))).as(replica.output()).isZero();
 * }</pre>
 */
public final class JavaProcess {
    private static final Path DEFAULT_LOG_DIRECTORY = Path.of("target", "jvm-logs");
    private static final int TAIL_LINES = 40;
    private static final Duration OUTPUT_DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern READY = Pattern.compile("^" + StartSignal.READY + "$");
    private static final Set<JavaProcess> RUNNING = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger UNNAMED = new AtomicInteger();
    private static final List<Path> LOG_FILES = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(JavaProcess::killAllRunning, "lockstep-java-process-cleanup"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;
    private final OutputPump pump;
    private final Writer input;

    private JavaProcess(String name, Process process, Path logDirectory) throws IOException {
        this.name = name;
        this.process = process;
        this.logFile = logDirectory.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + process.pid() + ".log")
                .toAbsolutePath();
        LOG_FILES.add(logFile);
        this.pump = OutputPump.start(process.getInputStream(), logFile, "lockstep-output-" + name);
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    public static Builder builder(Class<?> mainClass) {
        return new Builder(mainClass);
    }

    /** The log files of every JVM this JVM started, in the order they started. */
    public static List<Path> logFiles() {
        return List.copyOf(LOG_FILES);
    }

    /**
     * Waits for {@link StartSignal#READY} from every process, then sends {@link StartSignal#GO} to all of them, so
     * that they leave {@link StartSignal#awaitGo()} at the same moment. If one is not ready in time, all are killed.
     *
     * @throws IllegalStateException naming the process that was not ready, with the end of its output
     */
    public static void startTogether(List<JavaProcess> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (JavaProcess process : processes) {
            Duration remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (process.pump.await(READY, remaining).isEmpty()) {
                processes.forEach(JavaProcess::killHard);
                throw new IllegalStateException("JVM " + process.label() + " did not print " + StartSignal.READY
                        + " within " + timeout + " (it must call StartSignal.awaitGo()); killed all "
                        + processes.size() + " JVMs. " + process.tail());
            }
        }
        processes.forEach(process -> process.sendLine(StartSignal.GO));
    }

    /**
     * Waits until a line of output (one printed already, or a later one) matches the regular expression.
     *
     * @return true when a line matched; false when the timeout passed or the process ended its output first
     */
    public boolean awaitOutput(String regex, Duration timeout) {
        return awaitLine(regex, timeout).isPresent();
    }

    /**
     * Waits until a line of output (one printed already, or a later one) matches the regular expression.
     *
     * @return the first matching line; empty when the timeout passed or the process ended its output first
     */
    public Optional<String> awaitLine(String regex, Duration timeout) {
        return pump.await(Pattern.compile(regex), timeout);
    }

    /** Writes a line to the process' standard input. */
    public synchronized void sendLine(String line) {
        try {
            input.write(line);
            input.write('\n');
            input.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to JVM " + label() + ": " + e.getMessage()
                    + (process.isAlive() ? "" : "; it exited with code " + process.exitValue()), e);
        }
    }

    /**
     * Waits for the process to exit and returns its exit code.
     *
     * @throws IllegalStateException when it is still running at the timeout; it is killed first, and the message
     *     ends with the last lines of its output
     */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                killHard();
                throw new IllegalStateException("JVM " + label() + " did not exit within " + timeout + "; killed it. "
                        + tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killHard();
            throw new IllegalStateException("Interrupted while waiting for JVM " + label() + "; killed it.", e);
        }
        pump.awaitEnd(OUTPUT_DRAIN_TIMEOUT);
        RUNNING.remove(this);
        return process.exitValue();
    }

    /**
     * Kills the process with SIGKILL (no shutdown hooks run, as in a crash) and waits until it is gone. Only the JVM
     * is killed, as in a real crash: processes it started live on, and its fixture's watchdog cleans up after it.
     */
    public void killHard() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pump.awaitEnd(OUTPUT_DRAIN_TIMEOUT);
        RUNNING.remove(this);
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    /** Everything the process printed so far, stdout and stderr merged, one line per line. */
    public String output() {
        List<String> lines = pump.lines();
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    /** The file the output is written to, in the builder's log directory. */
    public Path logFile() {
        return logFile;
    }

    @Override
    public String toString() {
        return "JavaProcess[" + label() + "]";
    }

    private String label() {
        return "'" + name + "' (pid " + process.pid() + ")";
    }

    private String tail() {
        List<String> lines = pump.lines();
        return "Its last output (all of it in " + logFile + "):\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }

    private static void killAllRunning() {
        // The JVMs only, not what they started: a child's watchdog must survive it to remove the child's cluster.
        for (JavaProcess process : RUNNING) {
            process.process.destroyForcibly();
        }
    }

    /** Describes the JVM to start; {@link #start()} starts it. */
    public static final class Builder {
        private final Class<?> mainClass;
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> environment = new HashMap<>();
        private String name;
        private String classPath = System.getProperty("java.class.path");
        private Path logDirectory = DEFAULT_LOG_DIRECTORY;

        private Builder(Class<?> mainClass) {
            this.mainClass = mainClass;
            this.name = mainClass.getSimpleName() + "-" + UNNAMED.incrementAndGet();
        }

        /** The main method's arguments (replacing earlier ones). Never a password: use {@link #env}. */
        public Builder args(String... args) {
            this.args.clear();
            this.args.addAll(List.of(args));
            return this;
        }

        /** An environment variable for the child, on top of this JVM's environment. */
        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** A name for messages and for the log file; defaults to the main class' simple name and a counter. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Options for the child JVM itself, such as {@code -Xmx256m} (replacing earlier ones). */
        public Builder jvmArgs(String... jvmArgs) {
            this.jvmArgs.clear();
            this.jvmArgs.addAll(List.of(jvmArgs));
            return this;
        }

        /**
         * The child's class path; defaults to this JVM's {@code java.class.path}, which is right for tests. A program
         * started by a plugin's class loader (such as {@code exec:java}) passes the path that loader reads from.
         */
        public Builder classPath(String classPath) {
            this.classPath = classPath;
            return this;
        }

        /** Where the output file goes; defaults to {@code target/jvm-logs} below the working directory. */
        public Builder logDirectory(Path logDirectory) {
            this.logDirectory = logDirectory;
            return this;
        }

        public JavaProcess start() {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArgs);
            command.add("-cp");
            command.add(classPath);
            command.add(mainClass.getName());
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            try {
                JavaProcess process = new JavaProcess(name, builder.start(), logDirectory);
                RUNNING.add(process);
                return process;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start a JVM for " + mainClass.getName() + ": "
                        + e.getMessage(), e);
            }
        }
    }
}
