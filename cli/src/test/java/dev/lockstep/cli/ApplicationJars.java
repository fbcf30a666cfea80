package dev.lockstep.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Application artifacts as the build tools lay them out, made in a test from the {@code shop} migrations, a Java
 * migration ({@code db.migration.V4__seed_customers}) and the library class it needs ({@code SeedRows}).
 */
final class ApplicationJars {
    private static final String MIGRATION_CLASS = "db/migration/V4__seed_customers.class";
    private static final String LIBRARY_CLASS = "dev/lockstep/cli/fixture/SeedRows.class";

    private ApplicationJars() {}

    /** A Spring Boot executable jar: classes in BOOT-INF/classes, the library in BOOT-INF/lib. */
    static Path springBoot(Path directory) {
        Path library = jar(directory.resolve("seed-rows.jar"), null, Map.of(LIBRARY_CLASS, classBytes(LIBRARY_CLASS)));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("org/springframework/boot/loader/launch/JarLauncher.class", new byte[] {0});
        migrations().forEach((name, bytes) -> entries.put("BOOT-INF/classes/" + name, bytes));
        entries.put("BOOT-INF/lib/seed-rows.jar", bytes(library));
        return jar(directory.resolve("shop-boot.jar"), manifest("org.springframework.boot.loader.launch.JarLauncher",
                "Start-Class", "com.example.shop.ShopApplication"), entries);
    }

    /** A Quarkus fast-jar: quarkus-app/quarkus-run.jar, the application in app/, the library in lib/main. */
    static Path quarkus(Path directory) {
        Path application = directory.resolve("quarkus-app");
        jar(application.resolve("app").resolve("shop.jar"), null, migrations());
        jar(application.resolve("lib").resolve("main").resolve("seed-rows.jar"), null,
                Map.of(LIBRARY_CLASS, classBytes(LIBRARY_CLASS)));
        return jar(application.resolve("quarkus-run.jar"), manifest("io.quarkus.bootstrap.runner.QuarkusEntryPoint",
                "Class-Path", "lib/main/seed-rows.jar app/shop.jar"), Map.of());
    }

    /** A plain jar holding everything at its root, as an uber-jar does. */
    static Path plain(Path directory) {
        Map<String, byte[]> entries = new LinkedHashMap<>(migrations());
        entries.put(LIBRARY_CLASS, classBytes(LIBRARY_CLASS));
        return jar(directory.resolve("shop.jar"), manifest("com.example.shop.Main", "Created-By", "test"), entries);
    }

    private static Map<String, byte[]> migrations() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Path source = Path.of("src", "test", "resources", "migrations", "shop");
        try (var files = Files.list(source)) {
            for (Path file : files.sorted().toList()) {
                entries.put("db/migration/" + file.getFileName(), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entries.put(MIGRATION_CLASS, classBytes(MIGRATION_CLASS));
        return entries;
    }

    private static Manifest manifest(String mainClass, String name, String value) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        manifest.getMainAttributes().putValue(name, value);
        return manifest;
    }

    private static Path jar(Path file, Manifest manifest, Map<String, byte[]> entries) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file);
                    JarOutputStream jar = manifest == null ? new JarOutputStream(out) : new JarOutputStream(out, manifest)) {
                for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                    jar.putNextEntry(new JarEntry(entry.getKey()));
                    jar.write(entry.getValue());
                    jar.closeEntry();
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] classBytes(String resource) {
        try (InputStream in = ApplicationJars.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
