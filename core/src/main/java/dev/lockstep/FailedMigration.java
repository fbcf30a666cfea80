package dev.lockstep;

import org.jspecify.annotations.Nullable;

/**
 * The migration that failed.
 *
 * @param version the version, or null for a repeatable migration
 * @param description Flyway's description
 * @param sqlState PostgreSQL's SQLSTATE when the database reported the error
 * @param message what went wrong, with secrets redacted
 * @param leftChanges true when the migration ran outside a transaction and may have left changes behind
 */
public record FailedMigration(
        @Nullable String version,
        String description,
        @Nullable String sqlState,
        String message,
        boolean leftChanges) {}
