package dev.lockstep;

import org.jspecify.annotations.Nullable;

/** Another instance held the Lockstep lock for longer than {@code lock.timeout}. */
public final class LockTimeoutException extends LockstepException {
    private static final long serialVersionUID = 1L;

    private final transient @Nullable LockHolder holder;

    /**
     * @param message who held the lock, for how long, and the setting that changes the wait
     * @param holder the instance that held the lock, when PostgreSQL could tell
     */
    public LockTimeoutException(String message, @Nullable LockHolder holder) {
        super(ErrorCode.LOCK_TIMEOUT, message);
        this.holder = holder;
    }

    /** The session that held the lock when the wait ended, if it could be seen. */
    public @Nullable LockHolder holder() {
        return holder;
    }
}
