package dev.lockstep.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * libpq's password file ({@code ~/.pgpass}, or the file {@code PGPASSFILE} names), read as libpq reads it: lines of
 * {@code host:port:database:user:password}, {@code *} matching anything in the first four fields, {@code \:} and
 * {@code \\} for a literal colon or backslash, {@code #} starting a comment; the first matching line wins. A file
 * that group or others may read is ignored with a warning, as libpq does.
 */
final class PgPass {
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PgPass() {}

    /**
     * The password of the first line that matches, if the file exists, is private and has one.
     *
     * @param warn hears why a file that exists was not read
     */
    static Optional<String> lookup(Path file, String host, String port, String database, String user,
            Consumer<String> warn) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            if (!isPrivate(file)) {
                warn.accept("password file " + file + " has group or world access and is ignored;"
                        + " permissions should be u=rw (0600) or less: chmod 0600 " + file);
                return Optional.empty();
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            warn.accept("password file " + file + " cannot be read and is ignored: " + e.getMessage());
            return Optional.empty();
        }
        List<String> wanted = List.of(host, port, database, user);
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = fields(line);
            if (fields.size() == 5 && matches(fields, wanted)) {
                return Optional.of(fields.get(4));
            }
        }
        return Optional.empty();
    }

    private static boolean matches(List<String> fields, List<String> wanted) {
        for (int i = 0; i < wanted.size(); i++) {
            if (!fields.get(i).equals("*") && !fields.get(i).equals(wanted.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The four colon-separated fields and the password (the rest of the line), with escapes removed. */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                field.append(line.charAt(++i));
            } else if (c == ':' && fields.size() < 4) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static boolean isPrivate(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            permissions.retainAll(GROUP_OR_OTHERS);
            return permissions.isEmpty();
        } catch (UnsupportedOperationException e) {
            return true; // no POSIX permissions (Windows): libpq does not check there either
        }
    }
}
