package dev.lockstep.internal.lint;

import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Answers "not known" and remembers what was asked: a first pass learns which tables to read from the target. */
final class RecordingFacts implements TargetFacts {
    private final Set<Name> asked = new LinkedHashSet<>();

    @Override
    public @Nullable Size size(Name relation) {
        asked.add(relation);
        return null;
    }

    @Override
    public @Nullable String columnType(Name table, String column) {
        asked.add(table);
        return null;
    }

    @Override
    public boolean hasValidatedNotNullCheck(Name table, String column) {
        asked.add(table);
        return false;
    }

    @Override
    public Set<Name> asked() {
        return asked;
    }
}
