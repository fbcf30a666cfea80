package dev.lockstep.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.SnapshotFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preparing {@code snapshot.directory}: runs that share it (two schemas of one database, replicas on one volume) may
 * all find it missing and create it at the same moment; each of them must go on, none may report it as "not a
 * directory".
 */
class SnapshotDirectoryPrepareTest {
    private static final int RUNS = 8;
    private static final int ROUNDS = 50;

    @TempDir
    Path root;

    @Test
    void runsCreatingTheMissingDirectoryAtTheSameMomentAllGoOn() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(RUNS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                Path path = root.resolve("round-" + round).resolve("snapshots");
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> runs = new ArrayList<>();
                for (int run = 0; run < RUNS; run++) {
                    runs.add(threads.submit(() -> {
                        start.await();
                        new SnapshotDirectory(path).prepare();
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> run : runs) {
                    run.get(30, TimeUnit.SECONDS); // throws what prepare() threw
                }
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rwx------");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsStillRefused() throws Exception {
        Path file = Files.writeString(root.resolve("snapshots"), "not a directory");

        assertThatThrownBy(() -> new SnapshotDirectory(file).prepare()).isInstanceOf(SnapshotFailedException.class)
                .hasMessage("snapshot.directory=" + file + " cannot hold snapshots: it exists and is not a directory."
                        + " Point snapshot.directory at a writable directory (in a container, mount a volume there),"
                        + " or set snapshot.enabled=false to migrate without a snapshot.");
    }
}
