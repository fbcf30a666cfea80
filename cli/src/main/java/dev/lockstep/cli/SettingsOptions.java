package dev.lockstep.cli;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;
import dev.lockstep.LockstepSettings;
import dev.lockstep.Mode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Lockstep's settings, by the same keys as everywhere: {@code --set lock.timeout=5m} over {@code LOCKSTEP_*}
 * variables over the defaults. The command chooses the mode.
 */
final class SettingsOptions {

    @Option(names = "--set", paramLabel = "<key=value>", order = 20,
            description = "A Lockstep setting by its key: lock.timeout=5m, snapshot.directory=/var/lib/app/snapshots"
                    + " (all keys: docs/configuration.md). Overrides LOCKSTEP_* variables. Repeatable.")
    Map<String, String> values = new LinkedHashMap<>();

    /**
     * The settings from the environment and the flags; {@code mode} is the command's.
     *
     * @throws dev.lockstep.InvalidSettingException naming the key, for an unknown key or a bad value
     */
    LockstepSettings settings(Map<String, String> environment, @Nullable Mode mode) {
        for (String key : new String[] {"mode", "enabled"}) {
            if (values.containsKey(key)) {
                throw new LockstepException(ErrorCode.INVALID_CONFIGURATION, "--set " + key + " is not accepted: the"
                        + " command says what to do (lockstep migrate, validate or wait).");
            }
        }
        LockstepSettings.Builder builder = LockstepSettings.fromEnvironment(environment).toBuilder().properties(values);
        builder.set(LockstepSettings.ENABLED, true);
        if (mode != null) {
            builder.set(LockstepSettings.MODE, mode);
        }
        return builder.build();
    }
}
