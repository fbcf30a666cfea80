package dev.lockstep.internal.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Lockstep's settings write them: a whole number and a unit ({@code 500ms}, {@code 30s}, {@code 10m},
 * {@code 2h}, {@code 7d}) or ISO-8601 ({@code PT10M}). Messages use {@link #format} to show a duration the way a
 * user would have written it.
 */
public final class Durations {
    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("([+-]?\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {}

    /**
     * Reads a duration; a bare number is refused, its unit would be a guess.
     *
     * @throws IllegalArgumentException when the text is no duration at all
     * @throws ArithmeticException when it is one, but too large for {@link Duration}
     */
    public static Duration parse(String text) {
        Matcher matcher = NUMBER_AND_UNIT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (matcher.matches()) {
            long amount = parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofSeconds(Math.multiplyExact(amount, 60L));
                case "h" -> Duration.ofSeconds(Math.multiplyExact(amount, 3_600L));
                default -> Duration.ofSeconds(Math.multiplyExact(amount, 86_400L));
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            if (e.getCause() instanceof ArithmeticException || e.getCause() instanceof NumberFormatException) {
                throw new ArithmeticException("duration too large: " + text);
            }
            throw new IllegalArgumentException("not a duration: " + text, e);
        }
    }

    /**
     * A duration as the contract writes it: {@code 0s}, {@code 750ms}, {@code 90s}, {@code 10m}, {@code 2h},
     * {@code 7d}, negative ones with a minus; ISO-8601 when it is not a whole number of milliseconds. Never throws, and
     * {@link #parse} reads the text back as the same duration.
     */
    public static String format(Duration value) {
        if (value.getNano() % 1_000_000 != 0) {
            return value.toString();
        }
        if (value.getNano() != 0) {
            return millis(value);
        }
        // Negative durations take the same path: -90s, -1m, -1d.
        long seconds = value.getSeconds();
        if (seconds == 0) {
            return "0s";
        }
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    /** {@code 1500ms}; ISO-8601 for the few durations whose milliseconds do not fit in a long (292 million years). */
    private static String millis(Duration value) {
        try {
            return value.toMillis() + "ms";
        } catch (ArithmeticException beyondLong) {
            return value.toString();
        }
    }

    private static long parseLong(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            // The pattern admits only digits, so the number is too large for a long.
            throw new ArithmeticException("number too large: " + digits);
        }
    }
}
