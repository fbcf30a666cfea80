package dev.lockstep.internal.lint;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the target database tells about the relations a migration touches, read-only: their size, their columns'
 * types and which columns a validated {@code CHECK (col IS NOT NULL)} already covers.
 */
interface TargetFacts {

    /** A table's size in the target: the planner's row estimate (null when never analysed) and its bytes. */
    record Size(@Nullable Long rows, long bytes) {}

    /** The facts of no database: every answer is "not known". */
    TargetFacts NONE = new TargetFacts() {};

    /** The relation's size, null when it is not in the target or not known. */
    default @Nullable Size size(Name relation) {
        return null;
    }

    /** The column's type as PostgreSQL writes it ({@code character varying(20)}), null when not known. */
    default @Nullable String columnType(Name table, String column) {
        return null;
    }

    /** Whether a validated {@code CHECK (column IS NOT NULL)} on the table covers the column already. */
    default boolean hasValidatedNotNullCheck(Name table, String column) {
        return false;
    }

    /** The relations asked about, for the facts to read when this was a recording pass. */
    default Set<Name> asked() {
        return Set.of();
    }
}
