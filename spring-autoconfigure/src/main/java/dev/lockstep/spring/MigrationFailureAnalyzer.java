package dev.lockstep.spring;

import dev.lockstep.MigrationFailedException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A migration failed (or kept timing out waiting for a table lock). */
final class MigrationFailureAnalyzer extends AbstractFailureAnalyzer<MigrationFailedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MigrationFailedException cause) {
        return new FailureAnalysis(Actions.describe(cause), Actions.forCode(cause.code()), cause);
    }
}
