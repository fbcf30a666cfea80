package dev.lockstep.embedded.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny shell process that outlives this JVM only to clean up after it: once the JVM is gone it runs a stop command
 * and deletes a directory. A JVM killed with SIGKILL (a surefire timeout, a developer's {@code kill -9}) runs no
 * shutdown hook, and would otherwise leave a PostgreSQL or PgBouncer running and its files behind.
 *
 * <p>On a normal exit the shutdown hook cleans up itself and then {@linkplain #stop() stops} the watchdog.
 */
public final class Watchdog {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    // kill -0 only asks whether the process exists. Polling once a second is the portable way to wait for a process
    // that is not our child; it only decides how soon leftovers of a killed JVM go away.
    private static final String SCRIPT = "jvm=$1; dir=$2; shift 2;"
            + " while kill -0 \"$jvm\" 2>/dev/null; do sleep 1; done;"
            + " \"$@\" >/dev/null 2>&1;"
            + " rm -rf \"$dir\"";

    private final @Nullable Process process;

    private Watchdog(@Nullable Process process) {
        this.process = process;
    }

    /**
     * Starts the watchdog. Failing to start one is logged, not thrown: the server still works, it only cannot clean
     * up after a SIGKILL.
     */
    public static Watchdog start(String name, Path directory, List<String> stopCommand) {
        List<String> command = new ArrayList<>();
        // setsid detaches it from the terminal's process group, so a Ctrl-C meant for Maven cannot kill it first.
        if (Command.onPath("setsid").isPresent()) {
            command.add("setsid");
        }
        command.addAll(List.of("/bin/sh", "-c", SCRIPT, "lockstep-watchdog-" + name,
                Long.toString(ProcessHandle.current().pid()), directory.toString()));
        command.addAll(stopCommand);
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(new File("/dev/null"))
                    // Never the JVM's own stdout: surefire reads it, and would wait for a watchdog holding it open.
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            Command.withoutLibpqVariables(builder.environment());
            return new Watchdog(builder.start());
        } catch (IOException e) {
            LOG.warn("Cannot start the watchdog that removes {} if this JVM is killed: {}. If the JVM is killed with"
                    + " SIGKILL, stop the server and delete that directory by hand.", directory, e.getMessage());
            return new Watchdog(null);
        }
    }

    /** Ends the watchdog without letting it act: the caller has cleaned up already. */
    public void stop() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }
}
