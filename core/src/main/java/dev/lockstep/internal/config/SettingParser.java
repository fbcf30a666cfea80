package dev.lockstep.internal.config;

import dev.lockstep.Health;
import dev.lockstep.InvalidSettingException;
import dev.lockstep.LockstepSettings;
import dev.lockstep.Mode;
import dev.lockstep.OnFailure;
import dev.lockstep.SnapshotVerify;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Reads settings from text by their contract names, the same for properties, environment and CLI flags. */
public final class SettingParser {
    /** Every key of the configuration contract that the core knows. */
    public static final List<String> KEYS = List.of(
            "enabled", "mode", "connect-timeout", "lock.timeout", "lock.key", "migration.lock-timeout",
            "migration.statement-timeout", "migration.lock-retry-budget", "health.ahead-of-app", "snapshot.enabled",
            "snapshot.directory", "snapshot.required", "snapshot.keep", "snapshot.max-age", "snapshot.timeout",
            "snapshot.pg-dump-path", "snapshot.verify", "on-failure");

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private SettingParser() {}

    public static void apply(LockstepSettings.Builder builder, String key, String value) {
        String text = value.trim();
        switch (key) {
            case "enabled" -> builder.enabled(parseBoolean(key, text));
            case "mode" -> builder.mode(parseEnum(key, text, Mode.class, "migrate, validate, wait or off"));
            case "connect-timeout" -> builder.connectTimeout(parseDuration(key, text));
            case "lock.timeout" -> builder.lockTimeout(parseDuration(key, text));
            case "lock.key" -> builder.lockKey(text.isEmpty() ? null : parseLong(key, text));
            case "migration.lock-timeout" -> builder.migrationLockTimeout(parseDuration(key, text));
            case "migration.statement-timeout" -> builder.migrationStatementTimeout(parseDuration(key, text));
            case "migration.lock-retry-budget" -> builder.migrationLockRetryBudget(parseDuration(key, text));
            case "health.ahead-of-app" -> builder.healthAheadOfApp(parseEnum(key, text, Health.class, "up or down"));
            case "snapshot.enabled" -> builder.snapshotEnabled(parseBoolean(key, text));
            case "snapshot.directory" -> builder.snapshotDirectory(parsePath(key, text));
            case "snapshot.required" -> builder.snapshotRequired(parseBoolean(key, text));
            case "snapshot.keep" -> builder.snapshotKeep(parseInt(key, text));
            case "snapshot.max-age" -> builder.snapshotMaxAge(parseDuration(key, text));
            case "snapshot.timeout" -> builder.snapshotTimeout(parseDuration(key, text));
            case "snapshot.pg-dump-path" -> builder.snapshotPgDumpPath(text.isEmpty() ? null : parsePath(key, text));
            case "snapshot.verify" -> builder.snapshotVerify(parseEnum(key, text, SnapshotVerify.class, "list or full"));
            case "on-failure" -> builder.onFailure(parseEnum(key, text, OnFailure.class, "fail or restore"));
            default -> throw new InvalidSettingException(key, value,
                    "Unknown Lockstep setting '" + key + "'. Known settings: " + String.join(", ", KEYS) + ".");
        }
    }

    /** {@code LOCKSTEP_MIGRATION_LOCK_TIMEOUT} -> {@code migration.lock-timeout}; empty for other variables. */
    public static Optional<String> keyOfEnvironmentVariable(String name) {
        if (!name.startsWith("LOCKSTEP_")) {
            return Optional.empty();
        }
        String wanted = name.substring("LOCKSTEP_".length());
        return KEYS.stream()
                .filter(key -> key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT).equals(wanted))
                .findFirst();
    }

    /**
     * A duration in the contract's form: a number and a unit ({@code 500ms}, {@code 30s}, {@code 10m},
     * {@code 2h}, {@code 7d}) or ISO-8601 ({@code PT10M}). A bare number is refused: its unit would be a guess.
     */
    public static Duration parseDuration(String key, String text) {
        Matcher matcher = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(key, text, "use a number with a unit: 500ms, 30s, 10m, 2h or 7d");
        }
    }

    public static InvalidSettingException invalid(String key, String value, String fix) {
        return new InvalidSettingException(key, value, "Invalid Lockstep setting " + key + "=" + value + ": " + fix + ".");
    }

    /** A duration as the contract writes it, for messages. */
    public static String format(@Nullable Duration value) {
        if (value == null) {
            return "<none>";
        }
        if (value.isNegative() || value.toMillis() % 1000 != 0) {
            return value.toMillis() + "ms";
        }
        long seconds = value.toSeconds();
        if (seconds != 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static boolean parseBoolean(String key, String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, text, "use true or false");
        };
    }

    private static int parseInt(String key, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid(key, text, "use a whole number such as 5");
        }
    }

    private static Path parsePath(String key, String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw invalid(key, text, "use a valid path (" + e.getReason() + ")");
        }
    }

    private static long parseLong(String key, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(key, text, "use a whole number between -9223372036854775808 and 9223372036854775807");
        }
    }

    private static <E extends Enum<E>> E parseEnum(String key, String text, Class<E> type, String choices) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw invalid(key, text, "use " + choices);
        }
    }
}
