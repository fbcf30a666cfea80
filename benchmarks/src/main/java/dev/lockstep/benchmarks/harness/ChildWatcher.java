package dev.lockstep.benchmarks.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Watches this JVM's child processes from the outside, for the snapshot section: which programs Lockstep started
 * during a snapshot and how long each lived, without changing the core. New children are found by polling every
 * 10 ms (a start is known to about that); an end is reported by {@link ProcessHandle#onExit()}. Polling scans the
 * process table and costs CPU, so only extra runs that are not part of the medians use it.
 */
public final class ChildWatcher implements AutoCloseable {
    /**
     * One child: the command lines the OS reported for it (" | " between those of successive execs), when it was
     * first seen and when it ended.
     */
    public record Child(String command, long firstSeenNanos, long goneNanos) {
        public long nanos() {
            return goneNanos - firstSeenNanos;
        }
    }

    private final Map<Long, long[]> seen = new LinkedHashMap<>();
    private final Map<Long, String> commands = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    public ChildWatcher() {
        thread = new Thread(this::watch, "bench-child-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (running) {
            long now = System.nanoTime();
            ProcessHandle.current().children().forEach(child -> {
                synchronized (seen) {
                    seen.computeIfAbsent(child.pid(), pid -> {
                        long[] times = {now, 0};
                        child.onExit().thenRun(() -> {
                            synchronized (seen) {
                                times[1] = System.nanoTime();
                            }
                        });
                        return times;
                    });
                    // A child changes its command line when it execs (jspawnhelper, then Debian's perl pg_wrapper,
                    // then the real program): every one seen is kept.
                    String command = describe(child);
                    commands.merge(child.pid(), command, (known, latest) -> known.contains(latest) ? known
                            : known + " | " + latest);
                }
            });
            Fixture.sleep(10);
        }
    }

    private static String describe(ProcessHandle child) {
        ProcessHandle.Info info = child.info();
        Optional<String[]> arguments = info.arguments();
        String program = info.command().map(c -> c.substring(c.lastIndexOf('/') + 1)).orElse("?");
        return arguments.map(a -> program + " " + String.join(" ", a)).orElse(program);
    }

    /** The children seen so far that have ended, in the order they started. */
    public List<Child> children() {
        synchronized (seen) {
            List<Child> result = new ArrayList<>();
            seen.forEach((pid, times) -> {
                if (times[1] != 0) {
                    result.add(new Child(commands.get(pid), times[0], times[1]));
                }
            });
            return result;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
