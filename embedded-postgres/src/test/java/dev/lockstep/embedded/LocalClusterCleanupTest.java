package dev.lockstep.embedded;

import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lockstep.embedded.process.JavaProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A child JVM starts its own local cluster; whether it exits normally or is killed with SIGKILL, the cluster stops
 * and its directory goes away.
 */
class LocalClusterCleanupTest {
    private static final Duration TIMEOUT = ClusterMain.TIMEOUT;

    @BeforeEach
    void theSharedServerIsALocalCluster() {
        assumeTrue(EmbeddedPostgres.shared().kind().equals("local"),
                "the tests use a " + EmbeddedPostgres.shared().kind() + " server; a child JVM would too");
    }

    @Test
    void aNormalExitStopsTheClusterAndDeletesItsDirectory() {
        JavaProcess child = ClusterMain.start("cluster-exit", Map.of());
        Path directory = directory(child);
        int port = port(child);
        assertThat(directory).isDirectory();
        assertThat(accepts(port)).isTrue();

        child.sendLine("EXIT");

        assertThat(child.waitFor(TIMEOUT)).as(child.output()).isZero();
        assertThat(directory).doesNotExist();
        assertThat(accepts(port)).isFalse();
    }

    @Test
    void aKilledJvmLeavesNothingBehindThanksToTheWatchdog() throws Exception {
        JavaProcess child = ClusterMain.start("cluster-killed", Map.of());
        Path directory = directory(child);
        int port = port(child);

        try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
            directory.getParent().register(watcher, ENTRY_DELETE);
            child.killHard();

            assertThat(awaitDeletion(watcher, directory)).as("the watchdog deleted " + directory).isTrue();
        }
        // The watchdog stops the server (pg_ctl waits for it) before it deletes the directory.
        assertThat(accepts(port)).isFalse();
        Awaitility.await("processes still using " + directory).atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(serverProcessesUsing(directory))
                        .as("processes still using " + directory).isEmpty());
    }

    /**
     * Processes other than the watchdog's own cleanup (the watchdog and its {@code rm -rf}, which may still be
     * exiting after the directory is gone) whose command line names the directory: none, once the server stopped.
     */
    private static List<String> serverProcessesUsing(Path directory) {
        return ProcessHandle.allProcesses()
                .map(process -> process.info().commandLine().orElse(""))
                .filter(commandLine -> commandLine.contains(directory.toString())
                        && !commandLine.contains("lockstep-watchdog") && !commandLine.matches("(/usr)?(/bin/)?rm .*"))
                .toList();
    }

    private static Path directory(JavaProcess child) {
        return Path.of(ClusterMain.awaitValue(child, "^DIR (.+)$"));
    }

    private static int port(JavaProcess child) {
        return Integer.parseInt(ClusterMain.awaitValue(child, "^PORT (\\d+)$"));
    }

    private static boolean awaitDeletion(WatchService watcher, Path directory) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (Files.exists(directory)) {
            long remaining = deadline - System.nanoTime();
            WatchKey key = watcher.poll(remaining, TimeUnit.NANOSECONDS);
            if (key == null) {
                return false;
            }
            for (WatchEvent<?> event : key.pollEvents()) {
                if (directory.getFileName().equals(event.context())) {
                    return true;
                }
            }
            key.reset();
        }
        return true;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return socket.isConnected();
        } catch (IOException e) {
            return false;
        }
    }
}
