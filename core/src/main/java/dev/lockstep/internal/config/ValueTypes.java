package dev.lockstep.internal.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The value types of Lockstep's settings other than durations ({@link DurationType}). */
public final class ValueTypes {
    private ValueTypes() {}

    public static ValueType<Boolean> bool() {
        return new Bool();
    }

    /** One of {@code allowed}, written in lower case with {@code -} or {@code _} ({@code out_of_service}). */
    @SafeVarargs
    public static <E extends Enum<E>> ValueType<E> choice(Class<E> type, E... allowed) {
        return new Choice<>(type, List.of(allowed));
    }

    /** A whole number from {@code min} to {@code max}. */
    public static ValueType<Integer> integer(int min, int max) {
        return new Whole(min, max);
    }

    /** Any 64-bit whole number, or the empty text for none. */
    public static ValueType<@Nullable Long> optionalLong(String whenEmpty) {
        return new OptionalLong(whenEmpty);
    }

    /** A path that is not blank; {@code allowed} describes it, with an example. */
    public static ValueType<Path> path(String allowed) {
        return new PathType(allowed, false);
    }

    /** A path, or the empty text for none; {@code allowed} says what none means. */
    public static ValueType<@Nullable Path> optionalPath(String allowed) {
        return new PathType(allowed, true);
    }

    private record Bool() implements ValueType<Boolean> {
        public Class<?> type() {
            return Boolean.class;
        }

        public Boolean parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("use " + allowed());
            };
        }

        public String format(Boolean value) {
            return value.toString();
        }

        public Optional<String> problem(@Nullable Boolean value) {
            return value == null ? Optional.of("use " + allowed()) : Optional.empty();
        }

        public String allowed() {
            return "true or false";
        }
    }

    private record Choice<E extends Enum<E>>(Class<E> type, List<E> values) implements ValueType<E> {
        public E parse(String text) {
            String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            return values.stream().filter(value -> value.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("use " + allowed()));
        }

        public String format(E value) {
            return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public Optional<String> problem(@Nullable E value) {
            return value != null && values.contains(value) ? Optional.empty() : Optional.of("use " + allowed());
        }

        public String allowed() {
            List<String> words = choices();
            return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
        }

        public List<String> choices() {
            return values.stream().map(this::format).toList();
        }
    }

    private record Whole(int min, int max) implements ValueType<Integer> {
        public Class<?> type() {
            return Integer.class;
        }

        public Integer parse(String text) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("use " + allowed(), e);
            }
        }

        public String format(Integer value) {
            return value.toString();
        }

        public Optional<String> problem(@Nullable Integer value) {
            return value != null && value >= min && value <= max ? Optional.empty() : Optional.of("use " + allowed());
        }

        public String allowed() {
            return "a whole number from " + min + " to " + max;
        }
    }

    private record OptionalLong(String whenEmpty) implements ValueType<@Nullable Long> {
        public Class<?> type() {
            return Long.class;
        }

        public @Nullable Long parse(String text) {
            if (text.isBlank()) {
                return null;
            }
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("use " + allowed(), e);
            }
        }

        public String format(@Nullable Long value) {
            return value == null ? "" : value.toString();
        }

        public Optional<String> problem(@Nullable Long value) {
            return Optional.empty();
        }

        public String allowed() {
            return "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ", or empty " + whenEmpty;
        }
    }

    private record PathType(String allowed, boolean optional) implements ValueType<@Nullable Path> {
        public Class<?> type() {
            return Path.class;
        }

        public @Nullable Path parse(String text) {
            if (optional && text.isBlank()) {
                return null;
            }
            try {
                return Path.of(text.trim());
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("use " + allowed + " (" + e.getReason() + ")", e);
            }
        }

        public String format(@Nullable Path value) {
            return value == null ? "" : value.toString();
        }

        public Optional<String> problem(@Nullable Path value) {
            boolean missing = value == null || value.toString().isBlank();
            return missing && !optional ? Optional.of("use " + allowed) : Optional.empty();
        }
    }
}
