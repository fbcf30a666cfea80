package dev.lockstep.spring;

import dev.lockstep.LockTimeoutException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Another instance held the migration lock for longer than {@code lockstep.lock.timeout}. */
final class LockTimeoutFailureAnalyzer extends AbstractFailureAnalyzer<LockTimeoutException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, LockTimeoutException cause) {
        return new FailureAnalysis(Actions.describe(cause), Actions.forCode(cause.code()), cause);
    }
}
