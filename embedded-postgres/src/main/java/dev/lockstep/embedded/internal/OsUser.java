package dev.lockstep.embedded.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;

/**
 * Who runs the PostgreSQL and PgBouncer processes. Both refuse to run as root, so when this JVM runs as root (a
 * container, a CI machine) those processes run as the {@code postgres} OS user and get the files they need.
 */
public final class OsUser {
    private static final String POSTGRES = "postgres";
    private static final boolean ROOT = detectRoot();

    private OsUser() {}

    public static boolean isRoot() {
        return ROOT;
    }

    /**
     * The command, run as {@code postgres} when this JVM is root. {@code setpriv} is preferred because it executes
     * the program in place, so the process we hold is the program itself and killing it kills the program;
     * {@code runuser} forks and waits instead.
     */
    public static List<String> asPostgres(List<String> command) {
        if (!ROOT) {
            return command;
        }
        List<String> wrapped = new ArrayList<>();
        if (Command.onPath("setpriv").isPresent()) {
            wrapped.addAll(List.of("setpriv", "--reuid=" + POSTGRES, "--regid=" + POSTGRES, "--init-groups"));
        } else {
            wrapped.addAll(List.of("runuser", "-u", POSTGRES, "--"));
        }
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives the file or directory to {@code postgres} when this JVM is root; otherwise it stays ours. */
    public static void giveToPostgres(Path path) {
        if (!ROOT) {
            return;
        }
        try {
            UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
            Files.setOwner(path, users.lookupPrincipalByName(POSTGRES));
            GroupPrincipal group = users.lookupPrincipalByGroupName(POSTGRES);
            Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(group);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot hand " + path + " to the '" + POSTGRES + "' OS user, which runs"
                    + " PostgreSQL and PgBouncer when this JVM runs as root. Create that user (apt-get install"
                    + " postgresql creates it) or run as an ordinary user", e);
        }
    }

    private static boolean detectRoot() {
        try {
            // /proc/self belongs to the uid this process runs as.
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
