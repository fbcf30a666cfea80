package dev.lockstep.internal.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code LOCKSTEP_*} form of the settings' keys, and the warning about a variable that names no setting. */
public final class EnvironmentVariables {
    public static final String PREFIX = "LOCKSTEP_";

    /**
     * {@code LOCKSTEP_*} variables that Lockstep's own tools read and that are no settings: the CLI's connection
     * ({@code LOCKSTEP_URL}, {@code LOCKSTEP_USER}, {@code LOCKSTEP_PASSWORD}) and the test fixture's server
     * ({@code LOCKSTEP_TEST_JDBC_URL}, {@code LOCKSTEP_TEST_USER}, {@code LOCKSTEP_TEST_PASSWORD}). No setting may
     * take one of these names; they are never warned about.
     */
    public static final Set<String> RESERVED = Set.of("LOCKSTEP_URL", "LOCKSTEP_USER", "LOCKSTEP_PASSWORD",
            "LOCKSTEP_TEST_JDBC_URL", "LOCKSTEP_TEST_USER", "LOCKSTEP_TEST_PASSWORD");

    private static final Logger log = LoggerFactory.getLogger(EnvironmentVariables.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private EnvironmentVariables() {}

    /** {@code migration.lock-timeout} -> {@code LOCKSTEP_MIGRATION_LOCK_TIMEOUT}. */
    public static String nameOf(String key) {
        return PREFIX + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * Warns, once per variable and JVM, that a {@code LOCKSTEP_*} variable names no setting and is ignored, naming the
     * closest one: a typo would otherwise leave the default in force without a word. {@link #RESERVED} names are
     * not warned about.
     */
    public static void warnUnknown(String variable, Collection<String> keys) {
        if (RESERVED.contains(variable) || !WARNED.add(variable)) {
            return;
        }
        Map<String, String> keyByName = new LinkedHashMap<>();
        keys.forEach(key -> keyByName.put(nameOf(key).substring(PREFIX.length()), key));
        String closest = Spelling.closest(variable.substring(PREFIX.length()), keyByName.keySet());
        log.warn("Environment variable {} is not a Lockstep setting and is ignored; the closest setting is {}{} ({})."
                + " Every setting and its variable: docs/configuration.md.", variable, PREFIX, closest,
                keyByName.get(closest));
    }
}
