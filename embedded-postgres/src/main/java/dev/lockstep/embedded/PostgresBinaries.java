package dev.lockstep.embedded;

import dev.lockstep.embedded.internal.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the directory of the PostgreSQL server programs (initdb, pg_ctl, postgres): where {@code pg_config --bindir}
 * says, else beside an {@code initdb} on the PATH, else the newest {@code /usr/lib/postgresql/<major>/bin} (Debian
 * and Ubuntu keep the server programs there, off the PATH).
 */
final class PostgresBinaries {
    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static final List<String> SERVER_PROGRAMS = List.of("initdb", "pg_ctl", "postgres");

    private PostgresBinaries() {}

    static Path find() throws Unavailable {
        List<String> looked = new ArrayList<>();
        Optional<Path> found = fromPgConfig(looked)
                .or(() -> besideInitdbOnPath(looked))
                .or(() -> newestDebianVersion(looked));
        return found.orElseThrow(() -> new Unavailable("no PostgreSQL server programs (initdb, pg_ctl, postgres)"
                + " found: " + String.join("; ", looked)));
    }

    private static Optional<Path> fromPgConfig(List<String> looked) {
        Optional<Path> pgConfig = Command.onPath("pg_config");
        if (pgConfig.isEmpty()) {
            looked.add("pg_config is not on the PATH");
            return Optional.empty();
        }
        Command.Result result = Command.run(List.of(pgConfig.get().toString(), "--bindir"), Path.of("/"),
                Duration.ofSeconds(10));
        if (!result.succeeded()) {
            looked.add("pg_config --bindir failed: " + result.output().strip());
            return Optional.empty();
        }
        return serverDirectory(Path.of(result.output().strip()), "pg_config --bindir", looked);
    }

    private static Optional<Path> besideInitdbOnPath(List<String> looked) {
        Optional<Path> initdb = Command.onPath("initdb");
        if (initdb.isEmpty()) {
            looked.add("initdb is not on the PATH");
            return Optional.empty();
        }
        try {
            // Follow symbolic links: /usr/local/bin/initdb may point into the real installation.
            return serverDirectory(initdb.get().toRealPath().getParent(), "initdb on the PATH", looked);
        } catch (IOException e) {
            looked.add("cannot resolve " + initdb.get() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Path> newestDebianVersion(List<String> looked) {
        if (!Files.isDirectory(DEBIAN_ROOT)) {
            looked.add(DEBIAN_ROOT + " does not exist");
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
            Optional<Path> newest = versions
                    .filter(path -> path.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .map(path -> path.resolve("bin"))
                    .filter(PostgresBinaries::hasServerPrograms)
                    .max(Comparator.comparingDouble(path -> Double.parseDouble(
                            path.getParent().getFileName().toString())));
            if (newest.isEmpty()) {
                looked.add("no " + DEBIAN_ROOT + "/<version>/bin holds initdb, pg_ctl and postgres");
            }
            return newest;
        } catch (IOException e) {
            looked.add("cannot list " + DEBIAN_ROOT + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Path> serverDirectory(Path directory, String source, List<String> looked) {
        if (hasServerPrograms(directory)) {
            return Optional.of(directory);
        }
        looked.add(source + " gives " + directory + ", which lacks initdb, pg_ctl or postgres");
        return Optional.empty();
    }

    private static boolean hasServerPrograms(Path directory) {
        return SERVER_PROGRAMS.stream().allMatch(name -> Files.isExecutable(directory.resolve(name)));
    }
}
