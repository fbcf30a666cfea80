package dev.lockstep;

/** What a run does after a migration failed ({@code on-failure}). */
public enum OnFailure {
    /** Report the failure; startup stops with a clear error. */
    FAIL,
    /**
     * Restore the run's snapshot when the failed migration left changes behind (it ran outside a transaction);
     * a failed transactional migration has rolled back already, and restoring would only lose newer writes.
     */
    RESTORE
}
