package dev.lockstep.internal.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Whether a file belongs to this process' user. A snapshot directory may be shared (a volume several services mount,
 * a directory an operator's tools write into as another user): Lockstep deletes and changes only files of its own
 * user. On Linux that is the numeric user id of {@code /proc/self} (a container's user often has no name); elsewhere
 * the owner's name is compared with {@code user.name}.
 */
final class FileOwner {
    private static final @Nullable Object OWN_UID = ownUid();

    private FileOwner() {}

    /** Whether {@code file} (not followed when it is a link) is owned by this process' user. */
    static boolean isOurs(Path file) {
        try {
            if (OWN_UID != null) {
                return OWN_UID.equals(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            }
            return Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return false;
        }
    }

    private static @Nullable Object ownUid() {
        try {
            return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
