package dev.lockstep.internal.status;

import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;

/** A migration this application ships, as Flyway resolved it; {@code version} is null for repeatables. */
public record ResolvedMigration(
        @Nullable MigrationVersion version, String description, @Nullable Integer checksum, String script) {

    public String label() {
        return version == null ? "R " + description : "V" + version;
    }
}
