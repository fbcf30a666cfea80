package dev.lockstep.internal.lock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The 64-bit advisory lock key: the first 8 bytes (big-endian) of SHA-256 over
 * {@code "lockstep:" + database + ":" + schema + ":" + table}, names in lower case. Two services migrating
 * different schemas or history tables of one database never wait for each other; Flyway's own lock uses a
 * different derivation, so the two never collide. {@code lock.key} overrides it.
 */
public final class LockKey {
    private LockKey() {}

    public static long derive(String database, String schema, String table) {
        String text = ("lockstep:" + database + ":" + schema + ":" + table).toLowerCase(Locale.ROOT);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < 8; i++) {
                key = (key << 8) | (digest[i] & 0xFF);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
