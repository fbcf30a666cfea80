package dev.lockstep.internal.lint;

import org.jspecify.annotations.Nullable;

/**
 * A pending migration as the lint reads it.
 *
 * @param sql the script's text after placeholder replacement; null for a Java migration or a script that could not
 *     be read
 * @param unreadable why a SQL script could not be read, null otherwise
 * @param executeInTransaction the script's own {@code executeInTransaction} (its {@code .conf} file), null when it
 *     has none
 */
public record LintInput(@Nullable String version, String description, String script, String type,
        @Nullable String sql, @Nullable String unreadable, @Nullable Boolean executeInTransaction) {

    /** {@code V42}, or {@code R <description>} for a repeatable migration. */
    public String label() {
        return version == null ? "R " + description : "V" + version;
    }
}
