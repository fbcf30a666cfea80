package dev.lockstep.internal.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs pg_dump, pg_restore or psql: with the libpq environment the caller prepares, both output
 * streams drained on their own threads (a full pipe would stall the child), a wall-clock limit that kills the
 * child and its descendants, and a tick every ~10 s for progress lines.
 */
final class ChildProcess {
    private static final Duration TICK = Duration.ofSeconds(10);
    /** stderr is kept for the error message; its end holds the reason, so the end is what is kept. */
    private static final int STDERR_LIMIT = 16 * 1024;

    /** How a child ended: its exit code and what it wrote (stderr's last 16 KB). */
    record Result(int exitCode, String stdout, String stderr, boolean timedOut) {
        boolean succeeded() {
            return !timedOut && exitCode == 0;
        }
    }

    private ChildProcess() {}

    /**
     * Starts the pipeline {@code commands[0] | commands[1] | ...} and waits for it.
     *
     * @param stdin a file fed to the first command's standard input, or null
     * @param onTick called about every 10 s while the children run
     */
    static Result run(List<List<String>> commands, Consumer<ProcessBuilder> environment, @Nullable Path stdin,
            Duration timeout, Runnable onTick) {
        List<ProcessBuilder> builders = commands.stream().map(command -> {
            ProcessBuilder builder = new ProcessBuilder(command);
            environment.accept(builder);
            return builder;
        }).toList();
        if (stdin != null) {
            builders.get(0).redirectInput(stdin.toFile());
        }
        List<Process> processes;
        try {
            processes = ProcessBuilder.startPipeline(builders);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + commands.get(0).get(0) + ": " + e.getMessage(), e);
        }
        Process last = processes.get(processes.size() - 1);
        List<CompletableFuture<byte[]>> errors = processes.stream()
                .map(process -> drain(process.getErrorStream(), STDERR_LIMIT)).toList();
        CompletableFuture<byte[]> output = drain(last.getInputStream(), Integer.MAX_VALUE);
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean timedOut = false;
        try {
            while (!last.waitFor(Math.min(TICK.toNanos(), Math.max(1, deadline - System.nanoTime())),
                    TimeUnit.NANOSECONDS)) {
                if (System.nanoTime() - deadline >= 0) {
                    timedOut = true;
                    break;
                }
                onTick.run();
            }
            for (Process process : processes) {
                if (timedOut || !process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    timedOut = true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            timedOut = true;
        } finally {
            if (timedOut) {
                processes.forEach(ChildProcess::kill);
            }
        }
        StringBuilder stderr = new StringBuilder();
        for (CompletableFuture<byte[]> error : errors) {
            stderr.append(new String(error.join(), StandardCharsets.UTF_8));
        }
        int exit = processes.stream().mapToInt(p -> p.isAlive() ? -1 : p.exitValue()).filter(code -> code != 0)
                .findFirst().orElse(0);
        return new Result(exit, new String(output.join(), StandardCharsets.UTF_8), stderr.toString().strip(), timedOut);
    }

    static Result run(List<String> command, Consumer<ProcessBuilder> environment, Duration timeout, Runnable onTick) {
        return run(List.of(command), environment, null, timeout, onTick);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads a stream to its end on a daemon thread, keeping at most its last {@code limit} bytes. */
    private static CompletableFuture<byte[]> drain(InputStream stream, int limit) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try (stream) {
                int read;
                while ((read = stream.read(buffer)) >= 0) {
                    kept.write(buffer, 0, read);
                    if (kept.size() > 2 * (long) limit) {
                        byte[] all = kept.toByteArray();
                        kept.reset();
                        kept.write(all, all.length - limit, limit);
                    }
                }
            } catch (IOException e) {
                // The child was killed or closed its end: what was read so far is all there is.
            }
            byte[] all = kept.toByteArray();
            result.complete(all.length <= limit ? all : java.util.Arrays.copyOfRange(all, all.length - limit, all.length));
        }, "lockstep-child-output");
        reader.setDaemon(true);
        reader.start();
        return result;
    }
}
