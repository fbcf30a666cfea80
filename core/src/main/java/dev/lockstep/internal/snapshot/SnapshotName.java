package dev.lockstep.internal.snapshot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Snapshot ids, the only names Lockstep gives files: {@code lockstep-<db>-<yyyymmddThhmmssZ>-v<from>-to-v<to>}, with
 * {@code -<n>} added when another snapshot took the name first. Every file Lockstep reads, changes or deletes in
 * {@code snapshot.directory} is named from an id by this class, never from what a file holds.
 *
 * <p>{@code <db>} names the database unambiguously, lower case and without a {@code -}, so that
 * {@code lockstep-<db>-} is the prefix of that database's files and of no other database's: letters {@code a-z},
 * digits and {@code _} stay as they are; every other character (capitals, {@code -}, {@code .}, anything beyond
 * ASCII) becomes {@code .} followed by the two hex digits of each of its UTF-8 bytes ({@code shop-eu} is
 * {@code shop.2deu}, {@code Shop} is {@code .53hop}). An encoding longer than 64 characters (a long name full of
 * such characters) becomes its first 48 characters, {@code .} and 16 hex digits of the name's SHA-256: 65
 * characters, a length no unshortened encoding has.
 */
final class SnapshotName {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int LONGEST_DATABASE = 64;
    private static final int LONGEST_VERSION = 32;
    /** The grammar of an id: lower case letters, digits, {@code _}, {@code .} and {@code -}, never a path separator. */
    private static final Pattern ID = Pattern.compile(
            "lockstep-[a-z0-9_.]{1,65}-\\d{8}t\\d{6}z-v[a-z0-9_.]{1,32}-to-v[a-z0-9_.]{1,32}(?:-[a-z0-9]{1,16})?");

    private SnapshotName() {}

    /** A new id for a snapshot of {@code database} started at {@code createdAt}, from version to version. */
    static String newId(String database, Instant createdAt, @Nullable String from, @Nullable String to) {
        return prefix(database) + STAMP.format(createdAt).toLowerCase(Locale.ROOT) + "-v" + version(from) + "-to-v"
                + version(to);
    }

    /** {@code id} with the suffix of the {@code n}th snapshot to want this name ({@code n >= 2}). */
    static String numbered(String id, int n) {
        return id + "-" + n;
    }

    /** What every file name of {@code database}'s snapshots starts with, and no other database's. */
    static String prefix(String database) {
        return "lockstep-" + encode(database) + "-";
    }

    /** Whether {@code id} is a name this class gives: safe as a file name in the directory, nothing more. */
    static boolean isId(String id) {
        return ID.matcher(id).matches();
    }

    /** Whether {@code id} is a snapshot name of {@code database}. */
    static boolean belongsTo(String id, String database) {
        return isId(id) && id.startsWith(prefix(database));
    }

    static String encode(String database) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : database.getBytes(StandardCharsets.UTF_8)) {
            if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '_') {
                encoded.append((char) b);
            } else {
                encoded.append('.').append(HexFormat.of().toHexDigits(b));
            }
        }
        if (encoded.length() <= LONGEST_DATABASE) {
            return encoded.toString();
        }
        return encoded.substring(0, 48) + "." + HexFormat.of().formatHex(sha256(database), 0, 8);
    }

    /** Flyway versions are digits, dots and underscores; anything else is made safe, and the length bounded. */
    private static String version(@Nullable String version) {
        String safe = (version == null ? "0" : version).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._]", "_");
        return safe.length() <= LONGEST_VERSION ? safe : safe.substring(0, LONGEST_VERSION);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
