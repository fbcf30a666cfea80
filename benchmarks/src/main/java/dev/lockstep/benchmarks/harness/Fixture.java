package dev.lockstep.benchmarks.harness;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.embedded.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Small helpers shared by the sections: pools on a test database, checks, pauses, temporary directories. */
public final class Fixture {
    private Fixture() {}

    /**
     * A HikariCP pool on {@code db}. {@code minimumIdle} is kept small so that a fresh pool does not spend the
     * measured window filling itself in the background.
     */
    public static HikariDataSource pool(EmbeddedDatabase db, String name, int maximumPoolSize, int minimumIdle) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setPoolName(name);
        config.setMaximumPoolSize(maximumPoolSize);
        config.setMinimumIdle(minimumIdle);
        return new HikariDataSource(config);
    }

    /** Stops the run when a tool did not do what the measurement assumes (a number would be meaningless). */
    public static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("benchmark precondition failed: " + message);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Lets the collector and the JIT settle between measurements, outside every timed window. */
    public static void settle() {
        System.gc();
        sleep(20);
    }

    /** Deletes a directory and everything below it. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /**
     * Which of {@code count} alternatives takes the {@code turn}-th turn of {@code round}: every round starts one
     * further on, so that a slow spell of the machine falls on all of them alike.
     */
    public static int rotate(int round, int turn, int count) {
        return Math.floorMod(round + turn, count);
    }
}
