package dev.lockstep.internal.snapshot;

import dev.lockstep.Snapshot;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, as archives are checked against their manifests. */
final class Checksums {
    private Checksums() {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Why an archive that hashes to {@code sha256} and has {@code size} bytes is not the one {@code snapshot} took. */
    static String changed(String sha256, long size, Snapshot snapshot) {
        return "its archive changed since it was taken (SHA-256 " + sha256 + ", " + size + " bytes; the manifest records "
                + snapshot.sha256() + ", " + snapshot.sizeBytes() + " bytes)";
    }
}
