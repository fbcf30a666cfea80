package dev.lockstep.testsupport;

import dev.lockstep.embedded.EmbeddedPostgres;
import dev.lockstep.embedded.process.JavaProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Everything this JVM logged through {@link CapturingAppender}, every exception a test {@linkplain #record recorded},
 * the log files of child processes (registered ones, and every {@link JavaProcess}'s) and the embedded PostgreSQL's
 * server log: the material {@link Secrets#findLeaks()} scans.
 *
 * <p>Events are numbered in the order they were captured, from 0; {@link #count()} is the number of the next one, a
 * mark from which {@link #linesSince} reads. {@link TestLogs} keeps such a mark per test.
 */
public final class CapturedLogs {
    private static final List<String> LINES = new ArrayList<>();
    private static final List<Path> FILES = new CopyOnWriteArrayList<>();

    private CapturedLogs() {}

    /** A snapshot of the captured log events, one entry per event (its message, then its exception chain). */
    public static List<String> lines() {
        synchronized (LINES) {
            return List.copyOf(LINES);
        }
    }

    /** How many events were captured so far: the number the next one will get. */
    public static int count() {
        synchronized (LINES) {
            return LINES.size();
        }
    }

    /** The events captured from number {@code mark} on (a value {@link #count()} returned earlier). */
    public static List<String> linesSince(int mark) {
        synchronized (LINES) {
            return List.copyOf(LINES.subList(Math.min(mark, LINES.size()), LINES.size()));
        }
    }

    /**
     * Waits until an event captured from number {@code mark} on matches, for what other threads log.
     *
     * @return the first matching event, or null when none was captured within the timeout
     */
    public static @Nullable String awaitLine(int mark, Predicate<String> matching, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (LINES) {
            int checked = Math.min(mark, LINES.size());
            while (true) {
                for (; checked < LINES.size(); checked++) {
                    if (matching.test(LINES.get(checked))) {
                        return LINES.get(checked);
                    }
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return null;
                }
                LINES.wait(Math.max(1, remaining / 1_000_000));
            }
        }
    }

    /**
     * Records an exception a test caught and asserted, so that its messages (the whole cause chain, suppressed
     * exceptions included) are scanned for secrets too.
     */
    public static void record(Throwable throwable) {
        add("recorded " + ThrowableText.of(throwable));
    }

    /** Adds a file whose lines the secret scan reads, such as a child process' log. */
    public static void registerFile(Path file) {
        Path absolute = file.toAbsolutePath();
        if (!FILES.contains(absolute)) {
            FILES.add(absolute);
        }
    }

    /**
     * The registered files in registration order, the log files of the JVMs this JVM started, then the log of the
     * embedded PostgreSQL's local cluster.
     */
    public static List<Path> files() {
        List<Path> files = new ArrayList<>(FILES);
        JavaProcess.logFiles().stream().filter(log -> !files.contains(log)).forEach(files::add);
        EmbeddedPostgres.started().flatMap(EmbeddedPostgres::serverLog).map(Path::toAbsolutePath)
                .filter(log -> !files.contains(log))
                .ifPresent(files::add);
        return List.copyOf(files);
    }

    /** Forgets everything captured and registered (not the JVMs' logs); for this module's own tests only. */
    public static void clear() {
        synchronized (LINES) {
            LINES.clear();
        }
        FILES.clear();
    }

    static void add(String line) {
        synchronized (LINES) {
            LINES.add(line);
            LINES.notifyAll();
        }
    }
}
