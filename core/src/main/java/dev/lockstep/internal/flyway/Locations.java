package dev.lockstep.internal.flyway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.flywaydb.core.api.Location;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flyway's locations, looked at without a database: a location that exists nowhere is almost always a typo, and the
 * run would otherwise find no migration and report a schema with nothing to do.
 */
public final class Locations {
    private static final Logger log = LoggerFactory.getLogger(Locations.class);

    private Locations() {}

    /**
     * Warns once for each {@code classpath:} location the class loader has no resource for and each {@code filesystem:}
     * location that is not a directory. Other kinds (cloud storage) are not checked.
     */
    public static void warnAboutMissing(Location[] locations, @Nullable ClassLoader classLoader) {
        for (Location location : locations) {
            if (!exists(location, classLoader)) {
                log.warn("Flyway location '{}' does not exist, so it holds no migration: check Flyway's locations"
                        + " (spring.flyway.locations, quarkus.flyway.locations or Flyway's locations setting) for a"
                        + " typo", location.getDescriptor());
            }
        }
    }

    /** The locations as a message shows them: {@code classpath:db/migration, filesystem:/x}. */
    public static String describe(Location[] locations) {
        return locations.length == 0 ? "no location" : Arrays.stream(locations).map(Location::getDescriptor)
                .collect(Collectors.joining(", "));
    }

    private static boolean exists(Location location, @Nullable ClassLoader classLoader) {
        String path = location.getPath();
        if (location.isFileSystem()) {
            return Files.isDirectory(Path.of(path));
        }
        if (location.isClassPath()) {
            ClassLoader loader = classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
            return loader == null || path.isEmpty() || loader.getResource(path) != null
                    || loader.getResource(path + "/") != null;
        }
        return true;
    }
}
