package dev.lockstep.cli;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.jspecify.annotations.Nullable;

/**
 * An application's artifact as a class loader, so that Flyway finds the migrations ({@code classpath:db/migration})
 * where the application itself finds them, SQL files and Java migrations alike:
 *
 * <ul>
 *   <li>a plain jar (or a Quarkus uber-jar): the jar itself;</li>
 *   <li>a Spring Boot executable jar: {@code BOOT-INF/classes} and the jars in {@code BOOT-INF/lib}, copied out to a
 *       private temporary directory (a class loader cannot read a jar inside a jar), removed on {@link #close()};</li>
 *   <li>a Quarkus fast-jar ({@code quarkus-app/}, or its {@code quarkus-run.jar}): {@code app/*.jar} with
 *       {@code lib/main/*.jar} and {@code lib/boot/*.jar}.</li>
 * </ul>
 *
 * Flyway's own classes come from the CLI (the loader's parent), so the application's copy of Flyway is never used.
 */
final class ApplicationJar implements AutoCloseable {
    private static final String QUARKUS_ENTRY_POINT = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";

    private final String description;
    private final URLClassLoader loader;
    private final @Nullable Path temporary;

    private ApplicationJar(String description, List<Path> classPath, @Nullable Path temporary) {
        this.description = description;
        this.loader = new URLClassLoader("lockstep-application", urls(classPath), ApplicationJar.class.getClassLoader());
        this.temporary = temporary;
    }

    /**
     * Opens an application artifact, recognising its layout.
     *
     * @throws LockstepException {@link ErrorCode#INVALID_CONFIGURATION} when it is missing or no jar
     */
    static ApplicationJar open(Path artifact) {
        if (Files.isDirectory(artifact)) {
            if (Files.isRegularFile(artifact.resolve("quarkus-run.jar"))) {
                return quarkus(artifact);
            }
            throw invalid(artifact, "is a directory without quarkus-run.jar; pass the application's jar, or the"
                    + " quarkus-app directory of a Quarkus fast-jar build");
        }
        if (!Files.isRegularFile(artifact)) {
            throw invalid(artifact, "does not exist");
        }
        try (JarFile jar = new JarFile(artifact.toFile())) {
            Manifest manifest = jar.getManifest();
            @Nullable String mainClass = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            if (QUARKUS_ENTRY_POINT.equals(mainClass) || artifact.getFileName().toString().equals("quarkus-run.jar")) {
                return quarkus(artifact.toAbsolutePath().getParent());
            }
            if (jar.getEntry("BOOT-INF/classes/") != null || hasEntryUnder(jar, "BOOT-INF/classes/")) {
                return springBoot(artifact, jar);
            }
            return new ApplicationJar("jar " + artifact, List.of(artifact), null);
        } catch (IOException e) {
            throw invalid(artifact, "cannot be read as a jar (" + e.getMessage() + ")");
        }
    }

    /** A class loader over the application's classes and libraries. */
    ClassLoader classLoader() {
        return loader;
    }

    /** What was recognised, for the log: {@code Spring Boot jar app.jar (BOOT-INF/classes and 42 libraries)}. */
    String description() {
        return description;
    }

    @Override
    public void close() {
        try {
            loader.close();
        } catch (IOException e) {
            // Only open jar files are released here; the process ends soon after.
        }
        if (temporary != null) {
            deleteTree(temporary);
        }
    }

    private static ApplicationJar springBoot(Path artifact, JarFile jar) throws IOException {
        Path directory = Files.createTempDirectory("lockstep-jar-");
        Path classes = directory.resolve("classes");
        Path lib = directory.resolve("lib");
        Files.createDirectories(classes);
        Files.createDirectories(lib);
        List<Path> libraries = new ArrayList<>();
        try {
            for (Enumeration<? extends ZipEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.startsWith("BOOT-INF/classes/") && !entry.isDirectory()) {
                    copy(jar, entry, inside(classes, name.substring("BOOT-INF/classes/".length())));
                } else if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar") && !entry.isDirectory()) {
                    Path library = inside(lib, name.substring("BOOT-INF/lib/".length()));
                    copy(jar, entry, library);
                    libraries.add(library);
                }
            }
        } catch (IOException | RuntimeException e) {
            deleteTree(directory);
            throw e;
        }
        List<Path> classPath = new ArrayList<>();
        classPath.add(classes);
        classPath.addAll(libraries);
        return new ApplicationJar("Spring Boot jar " + artifact + " (BOOT-INF/classes and " + libraries.size()
                + " libraries)", classPath, directory);
    }

    private static ApplicationJar quarkus(Path application) {
        List<Path> classPath = new ArrayList<>(jarsIn(application.resolve("app")));
        if (classPath.isEmpty()) {
            throw invalid(application, "looks like a Quarkus fast-jar (quarkus-run.jar) but has no app/*.jar");
        }
        int applicationJars = classPath.size();
        classPath.addAll(jarsIn(application.resolve("lib").resolve("main")));
        classPath.addAll(jarsIn(application.resolve("lib").resolve("boot")));
        return new ApplicationJar("Quarkus application " + application + " (" + applicationJars + " jar(s) in app/ and "
                + (classPath.size() - applicationJars) + " libraries)", classPath, null);
    }

    private static List<Path> jarsIn(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasEntryUnder(JarFile jar, String prefix) {
        return jar.stream().anyMatch(entry -> entry.getName().startsWith(prefix));
    }

    /** An entry's name is data: it must stay inside the directory it is copied to. */
    private static Path inside(Path directory, String name) {
        Path target = directory.resolve(name).normalize();
        if (!target.startsWith(directory) || target.equals(directory)) {
            throw new LockstepException(ErrorCode.INVALID_CONFIGURATION, "The --jar holds an entry named '" + name
                    + "', which points outside the directory it would be copied to; such a jar is not read.");
        }
        return target;
    }

    private static void copy(JarFile jar, ZipEntry entry, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (InputStream in = jar.getInputStream(entry)) {
            Files.copy(in, target);
        }
    }

    private static URL[] urls(List<Path> classPath) {
        URL[] urls = new URL[classPath.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = classPath.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(classPath.get(i) + " is no valid class path entry", e);
            }
        }
        return urls;
    }

    private static void deleteTree(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless; the original outcome matters more.
        }
    }

    private static LockstepException invalid(Path artifact, String why) {
        return new LockstepException(ErrorCode.INVALID_CONFIGURATION, "--jar " + artifact + " " + why + ".");
    }
}
