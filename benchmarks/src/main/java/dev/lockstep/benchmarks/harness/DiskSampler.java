package dev.lockstep.benchmarks.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The bytes of some regular files under one directory, sampled by a daemon thread every {@link #INTERVAL_MILLIS} ms,
 * with the peak since the last {@link #restart()}: skipped subtrees are not walked, and only the files {@code counted}
 * accepts are added up. A directory walk sees what is on disk by name: a file already unlinked while still open is
 * not counted, and anything that comes and goes between two samples is missed.
 */
public final class DiskSampler implements AutoCloseable {
    public static final long INTERVAL_MILLIS = 50;

    private final Path root;
    private final Predicate<Path> skipped;
    private final Predicate<Path> counted;
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public DiskSampler(Path root, Predicate<Path> skipped, Predicate<Path> counted) {
        this.root = root;
        this.skipped = skipped;
        this.counted = counted;
        this.thread = new Thread(this::sample, "disk-sampler " + root.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    /** The bytes now, which also become the peak: what a measurement is compared against. */
    public long restart() {
        long now = bytes();
        peak.set(now);
        samples.set(0);
        return now;
    }

    /** The largest sample since {@link #restart()}, a final one taken now included. */
    public long peak() {
        return peak.accumulateAndGet(bytes(), Math::max);
    }

    /** Samples taken since {@link #restart()}. */
    public long samples() {
        return samples.get();
    }

    private void sample() {
        while (running) {
            peak.accumulateAndGet(bytes(), Math::max);
            samples.incrementAndGet();
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return; // closed
            }
        }
    }

    /** The bytes of the regular files under the root now; files that vanish during the walk are skipped. */
    public long bytes() {
        long[] total = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return skipped.test(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && counted.test(file)) {
                        total[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // gone since listed, or another user's
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total[0];
    }

    /** Paths directly under {@code parent} whose names start with one of the prefixes. */
    public static Predicate<Path> namedUnder(Path parent, List<String> prefixes) {
        return path -> parent.equals(path.getParent())
                && prefixes.stream().anyMatch(prefix -> path.getFileName().toString().startsWith(prefix));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
