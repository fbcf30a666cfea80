package dev.lockstep.internal.config;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A duration between a minimum and a maximum, in whole milliseconds (the smallest unit the contract writes), and
 * optionally zero with a meaning of its own ({@code 0s}: no limit). The maximum keeps every use of the value free of
 * overflow ({@code toNanos()}, a deadline on {@code System.nanoTime()}), or is the limit of the PostgreSQL parameter
 * the value is sent to.
 *
 * @param zeroMeans what an explicit {@code 0s} means when it is allowed below the minimum; null when it is not
 * @param note said after the range, such as the PostgreSQL parameter that imposes it
 */
public record DurationType(Duration min, Duration max, @Nullable String zeroMeans, String note)
        implements ValueType<Duration> {

    /** A duration from {@code min} to {@code max}. */
    public static DurationType between(Duration min, Duration max) {
        return new DurationType(min, max, null, "");
    }

    /**
     * A PostgreSQL timeout parameter: whole milliseconds from 1 ms to {@code INT_MAX} ms, where PostgreSQL reads 0
     * as "no limit". {@code zeroMeans} allows an explicit {@code 0s}; null refuses it, so that no value can turn
     * into "no limit" by accident.
     */
    public static DurationType postgresTimeout(String parameter, @Nullable String zeroMeans) {
        return new DurationType(Duration.ofMillis(1), Duration.ofMillis(Integer.MAX_VALUE), zeroMeans,
                " in whole milliseconds (PostgreSQL's limits for " + parameter
                        + (zeroMeans == null ? ", where 0 means no limit)" : ")"));
    }

    @Override
    public Class<?> type() {
        return Duration.class;
    }

    @Override
    public Duration parse(String text) {
        try {
            return Durations.parse(text);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("use " + allowed(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("use " + allowed() + ", written as a number with a unit (500ms, 30s,"
                    + " 10m, 2h, 7d) or in ISO-8601 (PT10M)", e);
        }
    }

    @Override
    public String format(Duration value) {
        return Durations.format(value);
    }

    @Override
    public Optional<String> problem(@Nullable Duration value) {
        if (value == null) {
            return Optional.of("use " + allowed());
        }
        if (zeroMeans != null && value.isZero()) {
            return Optional.empty();
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            return Optional.of("use " + allowed());
        }
        if (value.getNano() % 1_000_000 != 0) {
            return Optional.of("use whole milliseconds, " + allowed());
        }
        return Optional.empty();
    }

    @Override
    public String allowed() {
        String range = "a duration from " + Durations.format(min) + " to " + Durations.format(max) + note;
        return zeroMeans == null ? range : "0s (" + zeroMeans + ") or " + range;
    }
}
