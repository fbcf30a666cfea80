package dev.lockstep.benchmarks.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The class path for the replica JVMs: this program's own. Under {@code exec:java} that is the plugin's class
 * loader, not {@code java.class.path} (which then holds Maven's launcher), so it is read from the loader. Every
 * directory on it (the modules' {@code target/classes}) is copied first: other builds in the same working tree may
 * recompile or clean those directories while the benchmark runs, and a replica must not find half a module.
 */
public final class ReplicaClassPath {
    private ReplicaClassPath() {}

    /** The class path that loaded {@code mainClass}, its directories copied below {@code copies}. */
    public static String of(Class<?> mainClass, Path copies) {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : loaderPath(mainClass).split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path copy = copies.resolve("cp" + n++);
                copyTree(path, copy);
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String loaderPath(Class<?> mainClass) {
        List<String> entries = new ArrayList<>();
        for (ClassLoader loader = mainClass.getClassLoader(); loader != null
                && loader != ClassLoader.getSystemClassLoader(); loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a file: nothing a replica could load from
                    }
                }
            }
        }
        return entries.isEmpty() ? System.getProperty("java.class.path") : String.join(File.pathSeparator, entries);
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
}
