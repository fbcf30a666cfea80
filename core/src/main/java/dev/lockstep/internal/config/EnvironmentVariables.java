package dev.lockstep.internal.config;

import java.util.Locale;

/** The {@code LOCKSTEP_*} form of the settings' keys. */
public final class EnvironmentVariables {
    public static final String PREFIX = "LOCKSTEP_";

    private EnvironmentVariables() {}

    /** {@code migration.lock-timeout} -> {@code LOCKSTEP_MIGRATION_LOCK_TIMEOUT}. */
    public static String nameOf(String key) {
        return PREFIX + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
