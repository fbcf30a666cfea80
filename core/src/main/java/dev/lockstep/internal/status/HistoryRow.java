package dev.lockstep.internal.status;

import org.jspecify.annotations.Nullable;

/** One row of Flyway's schema history table, the columns Lockstep compares. */
public record HistoryRow(
        int installedRank,
        @Nullable String version,
        String description,
        String type,
        @Nullable Integer checksum,
        boolean success) {

    /** Rows that record no migration of their own: schema creation markers and Flyway's deletion markers. */
    public boolean isMarker() {
        return isMarker(type);
    }

    /**
     * Whether Flyway's migration type ({@code SCHEMA}, {@code SQL}, ...) marks something other than a migration to
     * apply; its info lists such history rows beside the shipped migrations.
     */
    static boolean isMarker(String type) {
        return type.equals("SCHEMA") || type.equals("DELETE") || type.startsWith("UNDO");
    }

    public boolean isBaseline() {
        return type.equals("BASELINE");
    }
}
