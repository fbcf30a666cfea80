package dev.lockstep.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.embedded.EmbeddedDatabase;

/** Small helpers shared by the sections: pools on a test database, checks, pauses. */
final class Fixture {
    private Fixture() {}

    /**
     * A HikariCP pool on {@code db}. {@code minimumIdle} is kept small so that a fresh pool does not spend the
     * measured window filling itself in the background.
     */
    static HikariDataSource pool(EmbeddedDatabase db, String name, int maximumPoolSize, int minimumIdle) {
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
    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("benchmark precondition failed: " + message);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Lets the collector and the JIT settle between measurements, outside every timed window. */
    static void settle() {
        System.gc();
        sleep(20);
    }
}
