package dev.lockstep;

import java.util.Locale;

/** What the startup run does ({@code mode}). */
public enum Mode {
    /** Apply pending migrations under the lock (the default). */
    MIGRATE,
    /** Never write; fail when migrations are pending or an applied one was changed. */
    VALIDATE,
    /** Never migrate; wait until another service brings the schema to this application's target. */
    WAIT,
    /** Do nothing at startup. */
    OFF;

    /** The name used in configuration: {@code migrate}, {@code validate}, {@code wait}, {@code off}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
