package dev.lockstep;

/**
 * A table lock a migration held when the trace looked, at its end, inside its transaction.
 *
 * @param relation the table, qualified by its schema when that is not the migration's own
 * @param mode PostgreSQL's name for the lock mode, the strongest one held: {@code ACCESS EXCLUSIVE},
 *     {@code SHARE}, {@code ROW EXCLUSIVE}, ...
 */
public record ObservedLock(String relation, String mode) {}
