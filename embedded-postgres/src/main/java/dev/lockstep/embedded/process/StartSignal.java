package dev.lockstep.embedded.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The child's half of {@link JavaProcess#startTogether}: a replica prepares everything it can, calls
 * {@link #awaitGo()}, and proceeds only when the parent (a test, a benchmark) releases all replicas at once.
 */
public final class StartSignal {
    /** The line a child prints when it is ready to go. */
    public static final String READY = "READY";
    /** The line the parent sends to release it. */
    public static final String GO = "GO";

    private StartSignal() {}

    /**
     * Prints {@code READY} and blocks until {@code GO} arrives on standard input.
     *
     * @throws IllegalStateException when standard input ends first (the parent died or never sent GO)
     */
    public static void awaitGo() {
        System.out.println(READY);
        System.out.flush();
        while (true) {
            String line = readLine(System.in);
            if (line == null) {
                throw new IllegalStateException("Standard input ended before " + GO + " arrived: the parent process"
                        + " is gone, or it did not release this JVM with JavaProcess.startTogether");
            }
            if (line.strip().equals(GO)) {
                return;
            }
        }
    }

    /** Reads one line byte by byte, so that nothing after it is consumed from the stream the program may read next. */
    private static @Nullable String readLine(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int next;
            while ((next = in.read()) != -1) {
                if (next == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(next);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read standard input while waiting for " + GO, e);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }
}
