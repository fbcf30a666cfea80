package dev.lockstep.spring;

import dev.lockstep.SnapshotFailedException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** The snapshot before migrating could not be taken; nothing was migrated. */
final class SnapshotFailureAnalyzer extends AbstractFailureAnalyzer<SnapshotFailedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SnapshotFailedException cause) {
        return new FailureAnalysis(Actions.describe(cause), Actions.forCode(cause.code()), cause);
    }
}
