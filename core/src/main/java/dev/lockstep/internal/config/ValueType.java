package dev.lockstep.internal.config;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How the values of one setting are read from text, written back as text, and bounded. A problem comes back as the
 * fix a user should apply ({@code use a duration from 1ms to 365d}); the caller puts the setting's key and value in
 * front of it.
 *
 * @param <T> the value's type; nullable for settings that may be left unset
 */
public interface ValueType<T extends @Nullable Object> {

    /** The Java type of the values, for adapters that describe settings to tools (IDE metadata). */
    Class<?> type();

    /**
     * Reads a value from text.
     *
     * @throws IllegalArgumentException with the fix as its message, when the text is no value of this type
     */
    T parse(String text);

    /** The value as a user would write it; the empty text for an unset one. */
    String format(T value);

    /** The fix when the value is not allowed; empty when it is. */
    Optional<String> problem(T value);

    /** What the setting allows, for messages and for the docs ({@code a duration from 1ms to 365d}). */
    String allowed();

    /**
     * {@code text} as a message may repeat it: the text itself, but for a type whose text may hold a secret by
     * mistake (an endpoint URL with a password in it), which never appears in a message.
     */
    default String shown(String text) {
        return text;
    }

    /** The words a choice accepts (for a map, the words each of its members accepts); empty for other types. */
    default List<String> choices() {
        return List.of();
    }

    /**
     * The names a map setting takes after its key ({@code lint.rules.<rule-id>}), each set on its own; empty for the
     * other types.
     */
    default List<String> members() {
        return List.of();
    }

    /** What a member's name is, for the docs: {@code rule-id}; empty for the types that have no members. */
    default String memberName() {
        return "";
    }

    /**
     * The value with one member set from text.
     *
     * @throws IllegalArgumentException with the fix as its message, when the text is no value of a member
     * @throws UnsupportedOperationException for a type without members
     */
    default T withMember(T value, String member, String text) {
        throw new UnsupportedOperationException("no members: " + type().getSimpleName());
    }
}
