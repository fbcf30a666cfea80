package dev.lockstep;

import org.jspecify.annotations.Nullable;

/**
 * Lockstep's one unchecked exception. The message says what happened, why, and the setting or command that
 * fixes it; it never contains a password.
 */
public class LockstepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /**
     * @param code what kind of failure this is, for callers that branch on it
     * @param message what happened, why, and the setting or command that fixes it
     */
    public LockstepException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /**
     * @param code what kind of failure this is, for callers that branch on it
     * @param message what happened, why, and the setting or command that fixes it
     * @param cause the underlying failure, if any (without passwords)
     */
    public LockstepException(ErrorCode code, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** What kind of failure this is: branch on it, never on the message. */
    public ErrorCode code() {
        return code;
    }
}
