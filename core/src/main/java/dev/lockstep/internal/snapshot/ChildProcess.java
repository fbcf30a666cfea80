package dev.lockstep.internal.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs pg_dump, pg_restore or psql: with the libpq environment the caller prepares, both output
 * streams drained on their own threads (a full pipe would stall the child), a wall-clock limit that kills the
 * child and its descendants, and a tick every ~10 s for progress lines.
 *
 * <p>A child must not outlive this JVM: killed with SIGKILL, a JVM runs no shutdown hook, and Java cannot ask Linux
 * to signal its children when it dies. So each child (the first of a pipeline) runs under a small {@code /bin/sh}
 * guard: the guard starts the program, then waits on a pipe from this JVM that is never written to. When the JVM
 * ends, however it ends, the kernel closes that pipe and the guard kills the program at once. A later stage of a
 * pipeline reads the first one's output and ends with it. Where there is no {@code /bin/sh}, children run unguarded.
 */
final class ChildProcess {
    /**
     * {@code "$@"} is the command. Its standard input is {@code /dev/null}; the guard's own (fd 3 after the first
     * line) is the pipe from the JVM. Any line, or the end of that input, kills the command; when the command ends
     * first, the watcher is stopped and the command's exit code returned.
     */
    static final String GUARD = "exec 3<&0 </dev/null\n"
            + "\"$@\" 3<&- &\n"
            + "child=$!\n"
            + "{ read -r _ <&3; kill -KILL \"$child\"; } >/dev/null 2>&1 &\n"
            + "watcher=$!\n"
            + "exec 3<&-\n"
            + "wait \"$child\"\n"
            + "code=$?\n"
            + "kill \"$watcher\" 2>/dev/null\n"
            + "exit \"$code\"\n";
    private static final Path SHELL = Path.of("/bin/sh");
    private static final Duration TICK = Duration.ofSeconds(10);
    /** stderr is kept for the error message; its end holds the reason, so the end is what is kept. */
    private static final int STDERR_LIMIT = 16 * 1024;

    /** How a child ended: its exit code, what it wrote (stderr's last 16 KB), and why its streams failed, if they did. */
    record Result(int exitCode, String stdout, String stderr, boolean timedOut, @Nullable Exception streamFailure) {
        Result(int exitCode, String stdout, String stderr, boolean timedOut) {
            this(exitCode, stdout, stderr, timedOut, null);
        }

        boolean succeeded() {
            return !timedOut && exitCode == 0 && streamFailure == null;
        }
    }

    /** Writes the first child's standard input; it is closed when this returns. */
    interface Feed {
        void writeTo(OutputStream stdin) throws IOException;
    }

    /** Reads the last child's standard output to its end. */
    interface Sink {
        void readFrom(InputStream stdout) throws IOException;
    }

    private ChildProcess() {}

    /**
     * Starts the pipeline {@code commands[0] | commands[1] | ...} and waits for it. The first command reads nothing.
     *
     * @param onTick called about every 10 s while the children run
     */
    static Result pipeline(List<List<String>> commands, Consumer<ProcessBuilder> environment, Duration timeout,
            Runnable onTick) {
        return streamed(commands, environment, null, null, timeout, onTick);
    }

    static Result run(List<String> command, Consumer<ProcessBuilder> environment, Duration timeout, Runnable onTick) {
        return pipeline(List.of(command), environment, timeout, onTick);
    }

    /**
     * Like {@link #pipeline}, with the first child's input written by {@code feed} and the last child's output read by
     * {@code sink}, each on a thread of its own; {@link Result#stdout()} is then empty. When either fails, the children
     * are killed and {@link Result#streamFailure()} says why. A child that reads its input from this JVM is not
     * guarded: its input is the pipe the guard would watch, and it ends when this JVM does, at the end of its input.
     */
    static Result streamed(List<List<String>> commands, Consumer<ProcessBuilder> environment, @Nullable Feed feed,
            @Nullable Sink sink, Duration timeout, Runnable onTick) {
        List<ProcessBuilder> builders = new ArrayList<>();
        for (List<String> command : commands) {
            ProcessBuilder builder = new ProcessBuilder(builders.isEmpty() && feed == null ? guarded(command) : command);
            environment.accept(builder);
            builders.add(builder);
        }
        List<Process> processes;
        try {
            processes = ProcessBuilder.startPipeline(builders);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + commands.get(0).get(0) + ": " + e.getMessage(), e);
        }
        Process first = processes.get(0);
        Process last = processes.get(processes.size() - 1);
        List<CompletableFuture<byte[]>> errors = processes.stream()
                .map(process -> drain(process.getErrorStream(), STDERR_LIMIT)).toList();
        AtomicReference<@Nullable Exception> streamFailure = new AtomicReference<>();
        Runnable killAll = () -> processes.forEach(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        });
        CompletableFuture<byte[]> output = sink == null ? drain(last.getInputStream(), Integer.MAX_VALUE)
                : stream("lockstep-child-output", () -> sink.readFrom(last.getInputStream()), streamFailure, killAll);
        CompletableFuture<byte[]> input = feed == null ? CompletableFuture.completedFuture(new byte[0])
                : stream("lockstep-child-input", () -> {
                    try (OutputStream stdin = first.getOutputStream()) {
                        feed.writeTo(stdin);
                    }
                }, streamFailure, killAll);
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
            // What the sink still does with the output (the last part of an upload) counts against the same limit.
            for (CompletableFuture<byte[]> stream : List.of(output, input)) {
                if (!timedOut && !finishes(stream, deadline)) {
                    timedOut = true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            timedOut = true;
        } finally {
            if (timedOut) {
                // The last stage first: psql must not read the end of its input while it still runs.
                for (int i = processes.size() - 1; i >= 0; i--) {
                    kill(processes.get(i));
                }
            }
            if (feed == null) {
                closeQuietly(first.getOutputStream()); // the guard's pipe: its end stops nothing still running
            }
        }
        StringBuilder stderr = new StringBuilder();
        for (CompletableFuture<byte[]> error : errors) {
            stderr.append(new String(error.join(), StandardCharsets.UTF_8));
        }
        int exit = processes.stream().mapToInt(p -> p.isAlive() ? -1 : p.exitValue()).filter(code -> code != 0)
                .findFirst().orElse(0);
        byte[] stdout = output.isDone() ? output.getNow(new byte[0]) : new byte[0];
        return new Result(exit, new String(stdout, StandardCharsets.UTF_8), stderr.toString().strip(), timedOut,
                streamFailure.get());
    }

    /** Waits until {@code stream} is done or the deadline passes; whether it finished. */
    private static boolean finishes(CompletableFuture<byte[]> stream, long deadline) throws InterruptedException {
        try {
            stream.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException e) {
            return true; // the failure is in streamFailure
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    private interface StreamWork {
        void run() throws IOException;
    }

    /** Runs {@code work} on a daemon thread; a failure is kept (the first one) and kills the children. */
    private static CompletableFuture<byte[]> stream(String name, StreamWork work,
            AtomicReference<@Nullable Exception> failure, Runnable killAll) {
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                work.run();
                done.complete(new byte[0]);
            } catch (IOException | RuntimeException e) {
                failure.compareAndSet(null, e);
                killAll.run();
                done.complete(new byte[0]);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    /** {@code command} under the guard, when there is a shell to run it. */
    static List<String> guarded(List<String> command) {
        if (!Files.isExecutable(SHELL)) {
            return command;
        }
        List<String> guarded = new ArrayList<>(List.of(SHELL.toString(), "-c", GUARD, "lockstep-guard"));
        guarded.addAll(command);
        return guarded;
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // Nothing reads it any more: the guard has ended.
        }
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
