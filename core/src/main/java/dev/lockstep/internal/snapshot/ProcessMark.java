package dev.lockstep.internal.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which process wrote a temporary file, written into the file's name so that a later process can tell whether the
 * writer is gone: {@code <namespace>-<pid>-<start>}. {@code <namespace>} stands for the boot and the PID namespace
 * (a container has its own, in which another container's PIDs mean nothing), {@code <start>} for the process' start
 * time in milliseconds (a restarted container reuses its PIDs). A mark from this boot and namespace whose PID is no
 * longer that process is dead; any other mark cannot be judged here.
 */
final class ProcessMark {
    private static final Pattern MARK = Pattern.compile("([0-9a-f]{12})-(\\d{1,10})-(\\d{1,15})");
    /** Start times are derived from clock ticks; the same process always yields the same one, within a tick. */
    private static final Duration SAME_START = Duration.ofSeconds(1);
    private static final @Nullable String NAMESPACE = namespace();

    private ProcessMark() {}

    /** This process' mark, or null where the platform does not tell boot and PID namespace. */
    static @Nullable String current() {
        ProcessHandle self = ProcessHandle.current();
        Optional<Instant> start = self.info().startInstant();
        return NAMESPACE == null || start.isEmpty() ? null
                : NAMESPACE + "-" + self.pid() + "-" + start.get().toEpochMilli();
    }

    /** Whether {@code name} holds the mark of a process of this boot and namespace that has ended. */
    static boolean namesEndedProcess(String name) {
        Matcher mark = MARK.matcher(name);
        if (NAMESPACE == null || !mark.find() || !mark.group(1).equals(NAMESPACE)) {
            return false;
        }
        Optional<ProcessHandle> process =
                ProcessHandle.of(Long.parseLong(mark.group(2))).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return true;
        }
        // A living process whose start time cannot be read might be the writer: it is not judged ended.
        Instant started = Instant.ofEpochMilli(Long.parseLong(mark.group(3)));
        return process.get().info().startInstant()
                .map(start -> Duration.between(start, started).abs().compareTo(SAME_START) > 0).orElse(false);
    }

    /** The boot id and the PID namespace, hashed to 12 hex digits; null off Linux. */
    private static @Nullable String namespace() {
        try {
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.UTF_8).strip();
            String pids = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((boot + " " + pids).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (IOException | UnsupportedOperationException | SecurityException | NoSuchAlgorithmException e) {
            return null;
        }
    }
}
