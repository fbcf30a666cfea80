package dev.lockstep;

import org.jspecify.annotations.Nullable;

/**
 * Lockstep's one unchecked exception. The message says what happened, why, and the setting or command that
 * fixes it; it never contains a password.
 */
public class LockstepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public LockstepException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public LockstepException(ErrorCode code, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
