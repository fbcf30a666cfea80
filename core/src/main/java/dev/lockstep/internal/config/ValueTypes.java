package dev.lockstep.internal.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
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

    /** A 64-bit whole number from {@code min} to {@code max}. */
    public static ValueType<Long> wholeLong(long min, long max) {
        return new WholeLong(min, max);
    }

    /**
     * A map from names (the {@code members}, such as rule ids) to one of {@code allowed}, written one member at a time
     * ({@code lint.rules.drop-column=off}) or all at once ({@code drop-column=off,lock-table=error}); empty by default.
     * {@code memberName} says what a name is ({@code rule-id}).
     */
    @SafeVarargs
    public static <E extends Enum<E>> ValueType<Map<String, E>> choicePerMember(List<String> members, String memberName,
            Class<E> type, E... allowed) {
        return new ChoicePerMember<>(List.copyOf(members), memberName, new Choice<>(type, List.of(allowed)));
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

    private record WholeLong(long min, long max) implements ValueType<Long> {
        public Class<?> type() {
            return Long.class;
        }

        public Long parse(String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("use " + allowed(), e);
            }
        }

        public String format(Long value) {
            return value.toString();
        }

        public Optional<String> problem(@Nullable Long value) {
            return value != null && value >= min && value <= max ? Optional.empty() : Optional.of("use " + allowed());
        }

        public String allowed() {
            return "a whole number from " + min + " to " + max;
        }
    }

    private record ChoicePerMember<E extends Enum<E>>(List<String> members, String memberName, Choice<E> choice)
            implements ValueType<Map<String, E>> {
        public Class<?> type() {
            return Map.class;
        }

        /** {@code drop-column=off, lock-table=error}; the empty text is the empty map. */
        public Map<String, E> parse(String text) {
            Map<String, E> value = new LinkedHashMap<>();
            for (String entry : text.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                int equals = entry.indexOf('=');
                if (equals < 0) {
                    throw new IllegalArgumentException("write each " + memberName + " with its value: "
                            + members.get(0) + "=" + choice.choices().get(0) + ", separated by commas");
                }
                value = withMember(value, entry.substring(0, equals).trim(), entry.substring(equals + 1));
            }
            return Collections.unmodifiableMap(value);
        }

        public String format(Map<String, E> value) {
            // A map given in code may hold a null level; the message showing it must not fail on it.
            return value.entrySet().stream().map(entry -> entry.getKey() + "="
                            + (entry.getValue() == null ? "" : choice.format(entry.getValue())))
                    .collect(Collectors.joining(","));
        }

        public Optional<String> problem(@Nullable Map<String, E> value) {
            if (value == null) {
                return Optional.of("use " + allowed());
            }
            return value.entrySet().stream()
                    .map(entry -> !members.contains(entry.getKey()) ? unknown(entry.getKey())
                            : entry.getValue() == null ? "use " + choice.allowed() + " for " + entry.getKey() : null)
                    .filter(problem -> problem != null).findFirst();
        }

        public String allowed() {
            return choice.allowed() + " for each " + memberName;
        }

        public List<String> choices() {
            return choice.choices();
        }

        public Map<String, E> withMember(Map<String, E> value, String member, String text) {
            if (!members.contains(member)) {
                throw new IllegalArgumentException(unknown(member));
            }
            Map<String, E> changed = new LinkedHashMap<>(value);
            changed.put(member, choice.parse(text));
            return Collections.unmodifiableMap(changed);
        }

        private String unknown(String member) {
            return "there is no " + memberName + " '" + member + "'; did you mean "
                    + Spelling.closest(member, members) + "? The " + memberName + "s: " + String.join(", ", members);
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
