package dev.lockstep;

import dev.lockstep.internal.config.EnvironmentVariables;
import dev.lockstep.internal.config.ValueType;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One setting of Lockstep's configuration contract: its key ({@code lock.timeout}), its type and default, how it is
 * written as text, which values it allows, and one line of documentation. The settings are constants of
 * {@link LockstepSettings} ({@link LockstepSettings#LOCK_TIMEOUT}); everything else (parsing by name and from the
 * environment, the adapters' property names, the docs) derives from them.
 *
 * <pre>{@code
 * Lockstep.configure(dataSource).set(LockstepSettings.LOCK_TIMEOUT, Duration.ofMinutes(5))
 * }</pre>
 *
 * @param <T> the value's type; {@code @Nullable} for settings that may be left unset ({@code lock.key})
 */
public final class Setting<T extends @Nullable Object> {
    private final String key;
    private final ValueType<T> type;
    private final T defaultValue;
    private final String doc;

    Setting(String key, ValueType<T> type, T defaultValue, String doc) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.doc = doc;
    }

    /** The contract name: {@code lock.timeout}; Spring Boot reads it as {@code lockstep.lock.timeout}. */
    public String key() {
        return key;
    }

    /** The Java type of the values: {@code Duration}, {@code Boolean}, an enum such as {@link Mode}, ... */
    public Class<?> type() {
        return type.type();
    }

    /** The value when none is set; null for the settings that are unset by default. */
    public T defaultValue() {
        return defaultValue;
    }

    /** One line saying what the setting does. */
    public String doc() {
        return doc;
    }

    /** The values allowed, in words: {@code a duration from 1ms to 365d}, {@code migrate, validate, wait or off}. */
    public String allowed() {
        return type.allowed();
    }

    /** The words a choice accepts ({@code migrate}, {@code validate}, ...); empty for other settings. */
    public List<String> choices() {
        return type.choices();
    }

    /**
     * The environment variable {@link LockstepSettings#fromEnvironment} reads: {@code LOCKSTEP_LOCK_TIMEOUT}; for a map
     * setting, the one that holds all its members at once ({@code LOCKSTEP_LINT_RULES=drop-column=off}).
     */
    public String environmentName() {
        return EnvironmentVariables.nameOf(key);
    }

    /**
     * For a map setting ({@link LockstepSettings#LINT_RULES}), the names that may follow its key, each a key of its
     * own: {@code lint.rules.drop-column=off}. Empty for every other setting.
     */
    public List<String> members() {
        return type.members();
    }

    /** The key as the docs write it: {@code lock.timeout}, or {@code lint.rules.<rule-id>} for a map setting. */
    public String keyPattern() {
        return members().isEmpty() ? key : key + ".<" + type.memberName() + ">";
    }

    /**
     * The environment variable as the docs write it: {@code LOCKSTEP_LOCK_TIMEOUT}, or
     * {@code LOCKSTEP_LINT_RULES_<RULE_ID>} for a map setting.
     */
    public String environmentPattern() {
        return members().isEmpty() ? environmentName()
                : environmentName() + "_<" + EnvironmentVariables.nameOf(type.memberName()).substring(
                        EnvironmentVariables.PREFIX.length()) + ">";
    }

    /** The key of one member of a map setting: {@code lint.rules.drop-column}. */
    public String memberKey(String member) {
        return key + "." + member;
    }

    /**
     * A member's name as every adapter may deliver it ({@code Drop_Column}, {@code drop.column} from relaxed binding
     * or the environment), in the form the setting knows: {@code drop-column}.
     */
    static String memberName(String written) {
        return written.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
    }

    /**
     * The value with one member of a map setting set from text.
     *
     * @throws InvalidSettingException naming the member's key, for a name that is no member or a bad value
     */
    T withMember(T value, String member, String text) {
        try {
            return type.withMember(value, member, text);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(memberKey(member), text, "Invalid Lockstep setting " + memberKey(member)
                    + "=" + text + ": " + e.getMessage() + ".");
        }
    }

    /**
     * Reads a value from text as every adapter writes it ({@code 5m}, {@code true}, {@code validate}); the empty text
     * unsets a setting that may be unset.
     *
     * @throws InvalidSettingException naming the key and the text, when it is no allowed value
     */
    public T parse(String text) {
        T value;
        try {
            value = type.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(type.shown(text), e.getMessage());
        }
        type.problem(value).ifPresent(fix -> {
            throw invalid(type.shown(text), fix);
        });
        return value;
    }

    /** The value as a user would write it: {@code 10m}, {@code migrate}; the empty text for an unset value. */
    public String format(T value) {
        return type.format(value);
    }

    /** The value itself when it is allowed. */
    T check(T value) {
        type.problem(value).ifPresent(fix -> {
            throw invalid(value == null ? "" : type.shown(type.format(value)), fix);
        });
        return value;
    }

    InvalidSettingException invalid(String value, String fix) {
        return new InvalidSettingException(key, value,
                "Invalid Lockstep setting " + key + "=" + value + ": " + fix + ".");
    }

    @Override
    public String toString() {
        return key;
    }
}
