package dev.lockstep;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One migration applied by a run.
 *
 * @param version the version, or null for a repeatable migration
 * @param description Flyway's description
 * @param script the script or class name
 * @param duration how long it took
 */
public record AppliedMigration(@Nullable String version, String description, String script, Duration duration) {}
