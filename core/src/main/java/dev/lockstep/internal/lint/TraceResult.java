package dev.lockstep.internal.lint;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What a trace of the pending migrations gave: an observation per migration it ran (by label, {@code V42} or
 * {@code R <description>}), the migration that failed there with its error, sentences for the plan's notes, and how
 * long the scratch copy took.
 *
 * @param traced whether the migrations ran on a scratch copy at all
 * @param copyDuration creating the scratch database and copying the schema, null when there was no copy
 */
public record TraceResult(boolean traced, Map<String, Observation> observations, Map<String, String> failures,
        List<String> notes, @Nullable Duration copyDuration) {

    public TraceResult {
        observations = Map.copyOf(observations);
        failures = Map.copyOf(failures);
        notes = List.copyOf(notes);
    }

    /** No trace, for the reason given (null when none was asked for). */
    public static TraceResult none(@Nullable String reason) {
        return new TraceResult(false, Map.of(), Map.of(), reason == null ? List.of() : List.of(reason), null);
    }

    /** The relations the trace names, for the target's sizes. */
    List<Name> relations() {
        return observations.values().stream().flatMap(observation -> Stream.concat(
                observation.rewrites().stream(), observation.findings().stream()
                        .map(RawFinding::relation).filter(Objects::nonNull)))
                .distinct().toList();
    }
}
