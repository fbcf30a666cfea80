package dev.lockstep.internal.run;

import dev.lockstep.FailedMigration;
import dev.lockstep.LockHolder;
import dev.lockstep.SchemaState;
import dev.lockstep.internal.status.Comparison;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The sentence a status carries for people: what is the matter and what to do; empty when all is well. */
final class Messages {
    private Messages() {}

    static String describe(SchemaState state, Comparison comparison, @Nullable FailedMigration failed,
            @Nullable LockHolder holder) {
        return switch (state) {
            case UP_TO_DATE, UNREACHABLE, UNKNOWN, INVALID_MIGRATIONS -> "";
            case PENDING -> comparison.pending().size() + " migration(s) pending: " + versions(comparison.pending());
            case WAITING_FOR_LOCK -> "Waiting for the Lockstep lock"
                    + (holder == null ? "." : ", held by " + holder.describe() + ".");
            case MIGRATING -> "Applying migrations.";
            case FAILED -> failed == null ? "A migration failed." : failed.message();
            case AHEAD_OF_APP -> "The database has " + versions(comparison.unknown()) + ", which this application"
                    + " does not ship: it runs on a newer schema than it was built for (a rollback?).";
            case CHECKSUM_MISMATCH -> "Applied migration(s) " + versions(comparison.mismatched()) + " differ from the"
                    + " files this application ships. Restore the original files, or run flyway repair if the"
                    + " change was intended.";
        };
    }

    static String versions(List<String> labels) {
        return String.join(", ", labels.stream().map(v -> v.startsWith("R ") ? v : "V" + v).toList());
    }
}
