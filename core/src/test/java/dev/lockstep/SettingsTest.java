package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Settings are validated at build(), and a bad one is named with its value; no database is touched. */
class SettingsTest {
    private final DataSource unused = new PGSimpleDataSource();

    @Test
    void defaultsAreTheContractsDefaults() {
        LockstepSettings defaults = LockstepSettings.defaults();

        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.mode()).isEqualTo(Mode.MIGRATE);
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.lockTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.lockKey()).isNull();
        assertThat(defaults.migrationLockTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.migrationStatementTimeout()).isEqualTo(Duration.ZERO);
        assertThat(defaults.migrationLockRetryBudget()).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.healthAheadOfApp()).isEqualTo(Health.UP);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "connect-timeout | 0s | Invalid Lockstep setting connect-timeout=0s: use a positive duration such as 30s or 10m.",
        "lock.timeout | -5s | Invalid Lockstep setting lock.timeout=-5s: use a number with a unit: 500ms, 30s, 10m, 2h or 7d.",
        "lock.timeout | PT-5S | Invalid Lockstep setting lock.timeout=-5000ms: use a positive duration such as 30s or 10m.",
        "lock.timeout | 10 | Invalid Lockstep setting lock.timeout=10: use a number with a unit: 500ms, 30s, 10m, 2h or 7d.",
        "migration.lock-timeout | 0ms | Invalid Lockstep setting migration.lock-timeout=0s: use a positive duration such as 30s or 10m.",
        "migration.lock-retry-budget | soon | Invalid Lockstep setting migration.lock-retry-budget=soon: use a number with a unit",
        "mode | migrat | Invalid Lockstep setting mode=migrat: use migrate, validate, wait or off.",
        "enabled | yes | Invalid Lockstep setting enabled=yes: use true or false.",
        "lock.key | abc | Invalid Lockstep setting lock.key=abc: use a whole number",
        "health.ahead-of-app | sideways | Invalid Lockstep setting health.ahead-of-app=sideways: use up or down.",
        "health.ahead-of-app | out_of_service | Invalid Lockstep setting health.ahead-of-app=out_of_service: use up or down.",
        "lock.timout | 5m | Unknown Lockstep setting 'lock.timout'. Known settings: enabled, mode, connect-timeout, lock.timeout",
    })
    void invalidValuesAreRejectedAtBuildNamingKeyAndValue(String key, String value, String message) {
        assertThatThrownBy(() -> Lockstep.configure(unused).properties(Map.of(key, value)).build())
                .isInstanceOfSatisfying(LockstepException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageStartingWith(message);
    }

    @Test
    void typedDurationsAreValidatedToo() {
        assertThatThrownBy(() -> Lockstep.configure(unused).migrationStatementTimeout(Duration.ofSeconds(-1)).build())
                .hasMessage("Invalid Lockstep setting migration.statement-timeout=-1000ms: use 0 or a positive duration such as 30s.");
        assertThatThrownBy(() -> Lockstep.configure(unused).lockTimeout(Duration.ZERO).build())
                .hasMessage("Invalid Lockstep setting lock.timeout=0s: use a positive duration such as 30s or 10m.");
    }

    @Test
    void blankFlywayLocationsAreRejected() {
        assertThatThrownBy(() -> Lockstep.configure(unused).flyway(f -> f.locations("")).build())
                .isInstanceOfSatisfying(LockstepException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining("Invalid Flyway locations: 'classpath:' is blank")
                .hasMessageContaining("classpath:db/migration");
    }

    @Test
    void valuesAreReadInEveryForm() {
        LockstepSettings settings = LockstepSettings.builder().set(Map.of(
                "mode", "validate", "connect-timeout", "PT90S", "lock.timeout", "2h", "lock.key", "-17",
                "migration.lock-timeout", "750ms", "migration.statement-timeout", "0s",
                "migration.lock-retry-budget", "1d", "health.ahead-of-app", "DOWN", "enabled", "false")).build();

        assertThat(settings.mode()).isEqualTo(Mode.VALIDATE);
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(settings.lockTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(settings.lockKey()).isEqualTo(-17L);
        assertThat(settings.migrationLockTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(settings.migrationLockRetryBudget()).isEqualTo(Duration.ofDays(1));
        assertThat(settings.healthAheadOfApp()).isEqualTo(Health.DOWN);
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.toBuilder().build()).isEqualTo(settings);
        assertThat(Lockstep.configure(unused).settings(settings).build().settings()).isEqualTo(settings);
    }

    @Test
    void environmentVariablesMapOntoTheContractNames() {
        LockstepSettings settings = LockstepSettings.fromEnvironment(Map.of(
                "LOCKSTEP_MIGRATION_LOCK_TIMEOUT", "2s", "LOCKSTEP_LOCK_TIMEOUT", "3m", "LOCKSTEP_MODE", "wait",
                "LOCKSTEP_HEALTH_AHEAD_OF_APP", "down", "PATH", "/usr/bin", "LOCKSTEP_SAMPLE_JDBC_URL", "ignored"));

        assertThat(settings.migrationLockTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.lockTimeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(settings.mode()).isEqualTo(Mode.WAIT);
        assertThat(settings.healthAheadOfApp()).isEqualTo(Health.DOWN);
    }
}
