package dev.lockstep.quarkus.deployment;

import static dev.lockstep.LockstepSettings.LINT_RULES;
import static dev.lockstep.LockstepSettings.LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.MIGRATION_LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_KEEP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.Lockstep;
import dev.lockstep.RuleLevel;
import dev.lockstep.quarkus.LockstepDataSources;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.config.EnvConfigSource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code QUARKUS_LOCKSTEP_*} environment variables reach the settings of the default and of a named datasource,
 * dashed keys included, and rule overrides, whose rule id is a map key SmallRye reads from the environment in quotes
 * ({@code _} on both sides). The variables come from a source that SmallRye treats as the environment.
 */
class EnvironmentVariablesTest {
    static final TestPostgres DEFAULT = TestPostgres.forTest("environment_default");
    static final TestPostgres USERS = TestPostgres.forTest("environment_users");

    @RegisterExtension
    static final QuarkusUnitTest APP = USERS.configure(DEFAULT.configure(new QuarkusUnitTest()), "users")
            .withApplicationRoot(jar -> jar.addClasses(TestPostgres.class, Environment.class)
                    .addAsServiceProvider(ConfigSource.class, Environment.class)
                    .addAsResource("db/basic/V1__create_greeting.sql", "db/migration/V1__create_greeting.sql")
                    .addAsResource("db/users/V1__create_app_user.sql", "db/users/V1__create_app_user.sql"))
            .overrideConfigKey("quarkus.flyway.users.locations", "db/users");

    @Inject
    LockstepDataSources lockstep;

    @Test
    void theDefaultDataSourceReadsItsVariables() {
        Lockstep defaultDataSource = lockstep.get("<default>").orElseThrow();

        assertThat(defaultDataSource.settings().get(LOCK_TIMEOUT)).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaultDataSource.settings().get(MIGRATION_LOCK_TIMEOUT)).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaultDataSource.settings().get(SNAPSHOT_KEEP)).isEqualTo(5);
        assertThat(defaultDataSource.settings().get(LINT_RULES)).isEqualTo(Map.of("drop-column", RuleLevel.OFF));
    }

    @Test
    void aNamedDataSourceReadsItsOwnVariables() {
        Lockstep users = lockstep.get("users").orElseThrow();

        assertThat(users.settings().get(LOCK_TIMEOUT)).isEqualTo(Duration.ofMinutes(3));
        assertThat(users.settings().get(SNAPSHOT_KEEP)).isEqualTo(7);
        assertThat(users.settings().get(MIGRATION_LOCK_TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
        assertThat(users.settings().get(LINT_RULES)).isEqualTo(Map.of("lock-table", RuleLevel.ERROR));
        assertThat(lockstep.all()).containsOnlyKeys("<default>", "users");
    }

    /** The variables an operator would set, in a source SmallRye matches against property names as the environment. */
    public static final class Environment extends EnvConfigSource {
        public Environment() {
            super(Map.of("QUARKUS_LOCKSTEP_LOCK_TIMEOUT", "5m", "QUARKUS_LOCKSTEP_MIGRATION_LOCK_TIMEOUT", "2s",
                    "QUARKUS_LOCKSTEP_USERS_LOCK_TIMEOUT", "3m", "QUARKUS_LOCKSTEP_USERS_SNAPSHOT_KEEP", "7",
                    "QUARKUS_LOCKSTEP_LINT_RULES__DROP_COLUMN_", "off",
                    "QUARKUS_LOCKSTEP_USERS_LINT_RULES__LOCK_TABLE_", "error"), 300);
        }
    }
}
