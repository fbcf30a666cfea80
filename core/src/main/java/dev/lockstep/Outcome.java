package dev.lockstep;

/** What one run did. */
public enum Outcome {
    /** Applied at least one migration. */
    MIGRATED,
    /** Found nothing pending. */
    UP_TO_DATE,
    /** {@link Mode#VALIDATE}: the schema matches this application. */
    VALIDATED,
    /** {@link Mode#WAIT}: another instance brought the schema to this application's target. */
    WAITED,
    /** Lockstep is disabled or {@link Mode#OFF}. */
    SKIPPED,
    /** The run failed; the report says why. */
    FAILED
}
