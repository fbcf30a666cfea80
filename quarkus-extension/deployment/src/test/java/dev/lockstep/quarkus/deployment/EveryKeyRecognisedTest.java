package dev.lockstep.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.LockstepSettings;
import dev.lockstep.Setting;
import dev.lockstep.quarkus.LockstepDataSources;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every key of the core's catalogue is a property Quarkus knows, for the default and a named datasource: set them
 * all, and startup logs no "Unrecognized configuration key" and hands each value to the core.
 */
class EveryKeyRecognisedTest {
    static final TestPostgres DEFAULT = TestPostgres.forTest("every_key_default");
    static final TestPostgres USERS = TestPostgres.forTest("every_key_users");

    @RegisterExtension
    static final QuarkusUnitTest APP = everyKey(everyKey(USERS.configure(DEFAULT.configure(new QuarkusUnitTest()),
            "users"), "quarkus.lockstep."), "quarkus.lockstep.users.")
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class, LogText.class)
                    .addAsResource("db/basic/V1__create_greeting.sql", "db/migration/V1__create_greeting.sql")
                    .addAsResource("db/users/V1__create_app_user.sql", "db/users/V1__create_app_user.sql"))
            .overrideConfigKey("quarkus.flyway.users.locations", "db/users")
            .setLogRecordPredicate(record -> true)
            .assertLogRecords(records -> assertThat(LogText.of(records))
                    .contains("migrated <empty> -> V1")
                    .doesNotContain("Unrecognized configuration key"));

    @Inject
    LockstepDataSources lockstep;

    @Test
    void everyValueReachesTheCore() {
        for (String dataSource : new String[] {"<default>", "users"}) {
            LockstepSettings settings = lockstep.get(dataSource).orElseThrow().settings();
            assertThat(settings).as(dataSource).isEqualTo(LockstepSettings.builder().properties(values())
                    .set(LockstepSettings.SNAPSHOT_DIRECTORY, settings.get(LockstepSettings.SNAPSHOT_DIRECTORY)).build());
        }
    }

    /** A value for every key: the default where there is one, else a valid one; no snapshots, so no pg_dump runs. */
    private static Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        for (Setting<?> setting : LockstepSettings.all()) {
            if (setting.members().isEmpty()) {
                values.put(setting.key(), text(setting));
            } else {
                values.put(setting.memberKey(setting.members().get(0)), "warn");
            }
        }
        values.put("snapshot.enabled", "false");
        values.put("lock.key", "4711");
        values.put("snapshot.pg-dump-path", "/usr/bin/pg_dump");
        return values;
    }

    private static <T> String text(Setting<T> setting) {
        return setting.format(setting.defaultValue());
    }

    private static QuarkusUnitTest everyKey(QuarkusUnitTest test, String prefix) {
        // snapshot.directory is set by TestPostgres for each datasource.
        values().forEach((key, value) -> {
            if (!key.equals("snapshot.directory")) {
                test.overrideConfigKey(prefix + key, value);
            }
        });
        return test;
    }
}
