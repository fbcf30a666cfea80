package dev.lockstep.internal.lock;

import dev.lockstep.InvalidSettingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The 64-bit advisory lock key: the first 8 bytes (big-endian) of SHA-256 over
 * {@code "lockstep:" + database + ":" + schema + ":" + table}, names in lower case. Two services migrating
 * different schemas or history tables of one database never wait for each other; Flyway's own lock uses a
 * different derivation, so the two never collide. {@code lock.key} overrides it, and must not be Flyway's key.
 */
public final class LockKey {
    /**
     * The base of Flyway's PostgreSQL advisory lock keys: the letters of "Flyway" as ASCII bytes. Flyway adds the
     * Java hash code of the quoted history table, {@code "schema"."table"}, to it (the same from Flyway 12 to 13).
     */
    private static final long FLYWAY_BASE = 0x466C79776179L;

    private LockKey() {}

    /** {@code lock.key} when set, else the derived key; refuses a configured key that is Flyway's own. */
    public static long resolve(@Nullable Long configured, String database, String schema, String table) {
        if (configured == null) {
            return derive(database, schema, table);
        }
        requireNotFlywaysKey(configured, schema, table);
        return configured;
    }

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

    /** The key of the advisory lock Flyway takes on its history table {@code schema.table}. */
    public static long flywaysKey(String schema, String table) {
        return FLYWAY_BASE + (quoted(schema) + "." + quoted(table)).hashCode();
    }

    /**
     * Refuses a {@code lock.key} equal to the key of Flyway's own lock on the history table: Lockstep would hold it on
     * its lock connection, and Flyway, migrating on another connection, would wait for it for ever.
     */
    public static void requireNotFlywaysKey(long key, String schema, String table) {
        if (key == flywaysKey(schema, table)) {
            throw new InvalidSettingException("lock.key", Long.toString(key), "Invalid Lockstep setting lock.key="
                    + key + ": it is the key of Flyway's own advisory lock on " + quoted(schema) + "." + quoted(table)
                    + ", which Flyway takes while it migrates; with Lockstep holding it, Flyway would wait for ever."
                    + " Use another number, or leave lock.key unset to derive a key.");
        }
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
