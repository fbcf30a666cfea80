package dev.lockstep.spring;

import dev.lockstep.LockstepException;
import org.jspecify.annotations.Nullable;

/** Finds Lockstep's exception in the chain of a startup failure (Spring wraps it in bean creation exceptions). */
final class Failures {
    private Failures() {}

    static LockstepException lockstepCause(@Nullable Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof LockstepException lockstep) {
                return lockstep;
            }
        }
        throw new AssertionError("No LockstepException in the failure chain", failure);
    }
}
