package dev.lockstep.testsupport;

import dev.lockstep.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The passwords this JVM handed out, and the scan that proves none of them reached a log line, a recorded exception
 * or the output of a child JVM.
 *
 * <p>Every password the JVM's {@link EmbeddedPostgres} handed out counts as registered, whoever asked for the
 * database (a test, or a sample's own code under test); a test that invents a secret of its own registers it. A
 * suite ends with {@code assertThat(Secrets.findLeaks()).isEmpty()}; {@link SecretScan} checks, after each test class,
 * what was captured since the previous check ({@link #findNewLeaks()}), whatever order the classes run in.
 */
public final class Secrets {
    private static final String MASK = "***";
    // A password this short is a well-known default ("postgres") of a server given by LOCKSTEP_TEST_JDBC_URL, not a
    // secret: scanning logs for it would report every line that names the product.
    private static final int MIN_SERVER_PASSWORD_LENGTH = 10;
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    // What findNewLeaks() has read already: captured events, and lines of each registered file.
    private static int scannedEvents;
    private static final Map<Path, Integer> SCANNED_FILE_LINES = new HashMap<>();

    private Secrets() {}

    /** Remembers a secret to scan for; null and blank values are ignored (they would match everything). */
    public static void register(@Nullable String secret) {
        if (secret != null && !secret.isBlank()) {
            SECRETS.add(secret);
        }
    }

    /** The secrets registered so far, with the passwords the embedded PostgreSQL handed out. */
    public static Set<String> registered() {
        Set<String> secrets = new HashSet<>(SECRETS);
        EmbeddedPostgres.started().ifPresent(server -> server.passwordsHandedOut().stream()
                .filter(password -> password.length() >= MIN_SERVER_PASSWORD_LENGTH)
                .forEach(secrets::add));
        return Set.copyOf(secrets);
    }

    /**
     * Every captured log line and every line of every registered file that contains a registered secret, with the
     * secret masked as {@code ***} and prefixed by where it was found. Masked, so that the assertion failure that
     * lists the leaks does not leak them once more.
     */
    public static List<String> findLeaks() {
        return scan(0, new HashMap<>());
    }

    /**
     * {@link #findLeaks()} over what was captured since the previous call only: log events captured since, and lines
     * added to registered files since (a file that shrank is read again from its start).
     */
    public static synchronized List<String> findNewLeaks() {
        int events = CapturedLogs.count();
        List<String> leaks = scan(scannedEvents, SCANNED_FILE_LINES);
        scannedEvents = events;
        return leaks;
    }

    /** Scans events from number {@code fromEvent}, and each file from the line {@code fileLines} says; updates it. */
    private static List<String> scan(int fromEvent, Map<Path, Integer> fileLines) {
        List<String> secrets = new ArrayList<>(registered());
        // Longest first, so that a secret containing a shorter one is masked whole.
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        List<String> leaks = new ArrayList<>();
        List<String> lines = CapturedLogs.linesSince(fromEvent);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (containsAny(line, secrets)) {
                leaks.add("captured log event " + (fromEvent + i + 1) + ": " + mask(line, secrets));
            }
        }
        for (Path file : CapturedLogs.files()) {
            List<String> content = readLines(file);
            int from = fileLines.getOrDefault(file, 0);
            for (int i = from <= content.size() ? from : 0; i < content.size(); i++) {
                String line = content.get(i);
                if (containsAny(line, secrets)) {
                    leaks.add(file + ":" + (i + 1) + ": " + mask(line, secrets));
                }
            }
            fileLines.put(file, content.size());
        }
        return leaks;
    }

    /** Forgets a secret: only for this module's own tests, which plant a secret on purpose and then remove it. */
    static void forget(String secret) {
        SECRETS.remove(secret);
    }

    private static boolean containsAny(String text, List<String> secrets) {
        for (String secret : secrets) {
            if (text.contains(secret)) {
                return true;
            }
        }
        return false;
    }

    private static String mask(String text, List<String> secrets) {
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    private static List<String> readLines(Path file) {
        if (!Files.isRegularFile(file)) {
            // A process' private directory may be gone already; what was there can no longer leak from it.
            return List.of();
        }
        try {
            // Decoding replaces malformed bytes rather than failing: a child may print anything.
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file + " to scan it for leaked secrets: " + e, e);
        }
    }
}
