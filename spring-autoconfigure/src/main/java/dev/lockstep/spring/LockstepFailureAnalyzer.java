package dev.lockstep.spring;

import dev.lockstep.InvalidSettingException;
import dev.lockstep.LockTimeoutException;
import dev.lockstep.LockstepException;
import dev.lockstep.MigrationFailedException;
import dev.lockstep.SnapshotFailedException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Startup failures the user can fix that have no analyzer of their own (invalid settings, no connection, a
 * changed migration, ...): the core's message, which names the setting, as description, and the Spring Boot
 * property to change as action.
 */
final class LockstepFailureAnalyzer extends AbstractFailureAnalyzer<LockstepException> {

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, LockstepException cause) {
        if (cause instanceof LockTimeoutException || cause instanceof MigrationFailedException
                || cause instanceof SnapshotFailedException) {
            return null; // their own analyzers answer
        }
        String action = cause instanceof InvalidSettingException invalid
                ? "Fix the property lockstep." + invalid.key() + " (see docs/spring-boot.md for its values and default)."
                : Actions.forCode(cause.code());
        return new FailureAnalysis(Actions.describe(cause), action, cause);
    }
}
