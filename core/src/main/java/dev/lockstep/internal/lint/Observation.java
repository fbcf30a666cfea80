package dev.lockstep.internal.lint;

import dev.lockstep.ObservedLock;
import java.util.List;

/**
 * What the trace saw one migration do on the scratch copy, on tables that exist in the target.
 *
 * @param transactional whether Flyway ran it in a transaction
 * @param locks the table locks its backend held at its end, inside its transaction
 * @param rewrites the tables whose file was replaced
 * @param findings what the catalog's changes imply: an index built in a transaction, a constraint validated, NOT NULL
 *     set without a validated check, a rewrite (each with line 0)
 */
record Observation(boolean transactional, List<ObservedLock> locks, List<Name> rewrites, List<RawFinding> findings) {}
