package dev.lockstep.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.testsupport.JavaProcess;
import dev.lockstep.testsupport.PostgresTest;
import dev.lockstep.testsupport.TestDatabase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lockstep.startup=exit}: the sample, in a JVM of its own as a Kubernetes Job runs its image, migrates and
 * exits with 0, or with 1 when a migration fails, and its web server never starts: its port is never bound, and
 * Tomcat never says it started (while it does say it was initialised, so the log is read).
 */
@PostgresTest
class StartupExitTest {
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private final TestDatabase db;
    @TempDir
    Path snapshots;

    StartupExitTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void theSampleMigratesAndExitsZeroBeforeItsWebServerStarts() throws Exception {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        int port = freePort();
        JavaProcess app = sample(port).start();
        PortWatch watch = PortWatch.of(port);

        int exitCode = app.waitFor(PATIENCE);

        assertThat(exitCode).as(app.output()).isZero();
        assertThat(watch.everBound()).as("port " + port + " was bound").isFalse();
        assertThat(app.output()).contains("lockstep.startup=exit: MIGRATED <empty> -> v6 (6 applied)")
                .contains("exiting with code 0 before the application starts")
                .contains("Tomcat initialized with port " + port)
                .doesNotContain("Tomcat started").doesNotContain("Started OrdersApplication");
        assertThat(db.queryColumn("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                .containsExactly("1", "2", "3", "4", "5", "6");
    }

    @Test
    void aFailingMigrationExitsOneBeforeTheWebServerStarts() throws Exception {
        db.execute("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        int port = freePort();
        JavaProcess app = sample(port).args("--logging.config=classpath:logback.xml",
                "--spring.flyway.locations=classpath:db/migration,classpath:db/failing").start();
        PortWatch watch = PortWatch.of(port);

        int exitCode = app.waitFor(PATIENCE);

        assertThat(exitCode).as(app.output()).isEqualTo(1);
        assertThat(watch.everBound()).as("port " + port + " was bound").isFalse();
        assertThat(app.output()).contains("lockstep.startup=exit: the run failed (MIGRATION_FAILED); exiting with code 1")
                .contains("Tomcat initialized with port " + port).doesNotContain("Tomcat started");
        assertThat(db.queryColumn("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                .containsExactly("1", "2", "3", "4", "5", "6");
    }

    private JavaProcess.Builder sample(int port) {
        return JavaProcess.builder(OrdersApplication.class).name("orders-exit").jvmArgs("-Xmx256m")
                .env("SPRING_DATASOURCE_URL", db.jdbcUrl())
                .env("SPRING_DATASOURCE_USERNAME", db.user())
                .env("SPRING_DATASOURCE_PASSWORD", db.password())
                .env("LOCKSTEP_SNAPSHOT_DIRECTORY", snapshots.toString())
                .env("LOCKSTEP_STARTUP", "exit")
                .env("SERVER_PORT", Integer.toString(port))
                // The sample's own logging (INFO on the console), not the tests' capturing configuration.
                .args("--logging.config=classpath:logback.xml");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Tries to connect to the port every 20 ms until the process has exited. */
    private static final class PortWatch {
        private final AtomicBoolean bound = new AtomicBoolean();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final CompletableFuture<Void> done;

        private PortWatch(int port) {
            done = CompletableFuture.runAsync(() -> {
                while (!stop.get()) {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
                        bound.set(true);
                    } catch (IOException e) {
                        // refused: not bound (yet)
                    }
                    LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // a polling interval
                }
            });
        }

        static PortWatch of(int port) {
            return new PortWatch(port);
        }

        /** Whether the port was ever bound while the process ran; call after it exited. */
        boolean everBound() {
            stop.set(true);
            done.join();
            return bound.get();
        }
    }
}
