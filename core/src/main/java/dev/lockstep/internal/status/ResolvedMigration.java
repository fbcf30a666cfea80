package dev.lockstep.internal.status;

import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;

/**
 * A migration this application ships, as Flyway resolved it; {@code version} is null for repeatables, {@code type} is
 * Flyway's ({@code SQL}, {@code JDBC}, ...).
 */
public record ResolvedMigration(
        @Nullable MigrationVersion version, String description, @Nullable Integer checksum, String script, String type) {

    public String label() {
        return version == null ? "R " + description : "V" + version;
    }
}
