package dev.lockstep.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A child JVM for section c, started with this program's own class path. Under {@code exec:java} that class path
 * is the plugin's class loader, not {@code java.class.path} (which then holds Maven's launcher), so it is read
 * from the loader, and its directories are snapshot first (see {@link #snapshotClassPath}). Output (stdout and
 * stderr) is kept in memory only: the benchmark writes no files outside its temporary directory.
 */
final class BenchJvm {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread pump;

    private BenchJvm(Process process) {
        this.process = process;
        this.pump = new Thread(this::pump, "bench-jvm-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * This program's class path, with every directory on it (the modules' {@code target/classes}) copied below
     * {@code snapshot}: other builds in the same working tree may recompile or clean those directories while the
     * benchmark runs, and a child JVM must not find half a module.
     */
    static String snapshotClassPath(Class<?> mainClass, Path snapshot) {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : classPath(mainClass).split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path copy = snapshot.resolve("cp" + n++);
                copyTree(path, copy);
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    static BenchJvm start(String classPath, Class<?> mainClass, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            return new BenchJvm(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM for " + mainClass.getName(), e);
        }
    }

    /** Waits for READY from every JVM, then sends GO to all, so that they leave StartSignal.awaitGo() together. */
    static void releaseTogether(List<BenchJvm> jvms, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (BenchJvm jvm : jvms) {
            if (!jvm.ready.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                jvms.forEach(j -> j.process.destroyForcibly());
                throw new IllegalStateException("a replica JVM was not READY within " + timeout + ":\n" + jvm.output());
            }
        }
        for (BenchJvm jvm : jvms) {
            try {
                OutputStream in = jvm.process.getOutputStream();
                in.write((StartSignal.GO + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release a replica JVM:\n" + jvm.output(), e);
            }
        }
    }

    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("a replica JVM did not exit within " + timeout + ":\n" + output());
        }
        pump.join(10_000);
        return process.exitValue();
    }

    void kill() {
        process.destroyForcibly();
    }

    synchronized String output() {
        return String.join("\n", lines);
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (this) {
                    lines.add(line);
                }
                if (line.strip().equals(StartSignal.READY)) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                lines.add("(output ended: " + e.getMessage() + ")");
            }
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " for the replica JVMs", e);
        }
    }

    private static String classPath(Class<?> mainClass) {
        List<String> entries = new ArrayList<>();
        for (ClassLoader loader = mainClass.getClassLoader(); loader != null
                && loader != ClassLoader.getSystemClassLoader(); loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a file: nothing a child JVM could load from
                    }
                }
            }
        }
        return entries.isEmpty() ? System.getProperty("java.class.path")
                : String.join(java.io.File.pathSeparator, entries);
    }
}
