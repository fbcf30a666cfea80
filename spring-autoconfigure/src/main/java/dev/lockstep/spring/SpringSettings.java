package dev.lockstep.spring;

import dev.lockstep.LockstepSettings;
import dev.lockstep.Setting;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Lockstep's settings as Spring Boot properties: {@code lockstep.<key>} for every key of {@link LockstepSettings},
 * read as text with Spring Boot's relaxed binding (so {@code LOCKSTEP_LOCK_TIMEOUT=5m} and YAML work too) and handed
 * to the core, which reads and validates them and names a bad one by its key. A map setting's members are keys of
 * their own: {@code lockstep.lint.rules.drop-column=off}.
 */
final class SpringSettings {
    static final String PREFIX = "lockstep.";

    private SpringSettings() {}

    /** The {@code lockstep.*} values that are set, by key. */
    static Map<String, String> properties(Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, String> values = new LinkedHashMap<>();
        for (Setting<?> setting : LockstepSettings.all()) {
            if (setting.members().isEmpty()) {
                binder.bind(PREFIX + setting.key(), String.class)
                        .ifBound(text -> values.put(setting.key(), springForm(setting, text)));
            } else {
                binder.bind(PREFIX + setting.key(), Bindable.mapOf(String.class, String.class))
                        .ifBound(members -> members.forEach((member, text) -> values.put(setting.memberKey(member),
                                text)));
            }
        }
        return values;
    }

    /** A bare number is milliseconds for a duration, as everywhere in Spring Boot; the core wants the unit. */
    private static String springForm(Setting<?> setting, String text) {
        return setting.type() == Duration.class && text.trim().matches("\\d+") ? text.trim() + "ms" : text;
    }
}
