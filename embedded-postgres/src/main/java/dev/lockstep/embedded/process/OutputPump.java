package dev.lockstep.embedded.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Reads a child process' output on its own thread, line by line: writes each line to a log file at once (so the file
 * is complete even if the caller stops) and keeps it in memory, and wakes whoever waits for a line to appear.
 * Waiting is on a condition signalled per line, not a timed poll. {@link JavaProcess} uses it for its JVMs; a fixture
 * that runs another server program (a PgBouncer) may use it for that program's output.
 */
public final class OutputPump {
    private final List<String> lines = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread thread;
    private boolean ended;

    private OutputPump(InputStream output, Path logFile, String threadName) throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        this.thread = new Thread(() -> pump(output, log), threadName);
        this.thread.setDaemon(true);
    }

    /** Starts a daemon thread named {@code threadName} that reads {@code output} until it ends. */
    public static OutputPump start(InputStream output, Path logFile, String threadName) throws IOException {
        OutputPump pump = new OutputPump(output, logFile, threadName);
        pump.thread.start();
        return pump;
    }

    /** Waits until some line (already read or still to come) matches; empty on timeout or end of output. */
    public Optional<String> await(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            int checked = 0;
            while (true) {
                for (; checked < lines.size(); checked++) {
                    if (pattern.matcher(lines.get(checked)).find()) {
                        return Optional.of(lines.get(checked));
                    }
                }
                long remaining = deadline - System.nanoTime();
                if (ended || remaining <= 0) {
                    return Optional.empty();
                }
                changed.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the output to end (the process closed it, usually by exiting). */
    public void awaitEnd(Duration timeout) {
        try {
            thread.join(TimeUnit.NANOSECONDS.toMillis(timeout.toNanos()) + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every line read so far. */
    public List<String> lines() {
        lock.lock();
        try {
            return List.copyOf(lines);
        } finally {
            lock.unlock();
        }
    }

    private void pump(InputStream output, Writer log) {
        try (log; BufferedReader reader = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.write(line);
                log.write('\n');
                log.flush();
                add(line);
            }
        } catch (IOException e) {
            // The stream closes under us when the process is killed: that is the end of its output, not an error.
            add("[lockstep output pump: output ended: " + e.getMessage() + "]");
        } finally {
            lock.lock();
            try {
                ended = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void add(String line) {
        lock.lock();
        try {
            lines.add(line);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
