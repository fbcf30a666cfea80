package dev.lockstep.testsupport;

import dev.lockstep.embedded.EmbeddedPostgres;
import dev.lockstep.embedded.process.JavaProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything this JVM logged through {@link CapturingAppender}, every exception a test {@linkplain #record recorded},
 * the log files of child processes (registered ones, and every {@link JavaProcess}'s) and the embedded PostgreSQL's
 * server log: the material {@link Secrets#findLeaks()} scans.
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
        }
    }
}
