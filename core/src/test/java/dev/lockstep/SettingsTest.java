package dev.lockstep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
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
        assertThat(defaults.snapshotEnabled()).isTrue();
        assertThat(defaults.snapshotDirectory()).isEqualTo(Path.of("lockstep-snapshots"));
        assertThat(defaults.snapshotRequired()).isTrue();
        assertThat(defaults.snapshotKeep()).isEqualTo(5);
        assertThat(defaults.snapshotMaxAge()).isEqualTo(Duration.ofDays(7));
        assertThat(defaults.snapshotTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(defaults.snapshotPgDumpPath()).isNull();
        assertThat(defaults.snapshotVerify()).isEqualTo(SnapshotVerify.LIST);
        assertThat(defaults.onFailure()).isEqualTo(OnFailure.FAIL);
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
        "snapshot.keep | 0 | Invalid Lockstep setting snapshot.keep=0: use 1 or more: the newest verified snapshot is always kept.",
        "snapshot.keep | five | Invalid Lockstep setting snapshot.keep=five: use a whole number such as 5.",
        "snapshot.max-age | -1d | Invalid Lockstep setting snapshot.max-age=-1d: use a number with a unit",
        "snapshot.timeout | 0s | Invalid Lockstep setting snapshot.timeout=0s: use a positive duration such as 30s or 10m.",
        "snapshot.verify | deep | Invalid Lockstep setting snapshot.verify=deep: use list or full.",
        "snapshot.required | maybe | Invalid Lockstep setting snapshot.required=maybe: use true or false.",
        "on-failure | rollback | Invalid Lockstep setting on-failure=rollback: use fail or restore.",
        "lock.timout | 5m | Unknown Lockstep setting 'lock.timout'. Known settings: enabled, mode, connect-timeout, lock.timeout",
    })
    void invalidValuesAreRejectedAtBuildNamingKeyAndValue(String key, String value, String message) {
        assertThatThrownBy(() -> Lockstep.configure(unused).properties(Map.of(key, value)).build())
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                    assertThat(e.key()).as("the key an adapter names in its own form").isEqualTo(key);
                })
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
    void restoringOnFailureNeedsSnapshots() {
        assertThatThrownBy(() -> Lockstep.configure(unused).snapshotEnabled(false).onFailure(OnFailure.RESTORE).build())
                .isInstanceOfSatisfying(LockstepException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessage("Invalid Lockstep setting on-failure=restore: restoring needs a snapshot; set"
                        + " snapshot.enabled=true or on-failure=fail.");
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

    @Test
    void snapshotSettingsAreReadByNameAndFromTheEnvironment() {
        LockstepSettings settings = LockstepSettings.fromEnvironment(Map.of(
                "LOCKSTEP_SNAPSHOT_DIRECTORY", "/var/lib/shop/snapshots", "LOCKSTEP_SNAPSHOT_KEEP", "10",
                "LOCKSTEP_SNAPSHOT_MAX_AGE", "14d", "LOCKSTEP_SNAPSHOT_TIMEOUT", "1h",
                "LOCKSTEP_SNAPSHOT_PG_DUMP_PATH", "/usr/lib/postgresql/16/bin/pg_dump", "LOCKSTEP_SNAPSHOT_VERIFY", "full",
                "LOCKSTEP_SNAPSHOT_REQUIRED", "false", "LOCKSTEP_ON_FAILURE", "restore"));

        assertThat(settings.snapshotDirectory()).isEqualTo(Path.of("/var/lib/shop/snapshots"));
        assertThat(settings.snapshotKeep()).isEqualTo(10);
        assertThat(settings.snapshotMaxAge()).isEqualTo(Duration.ofDays(14));
        assertThat(settings.snapshotTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.snapshotPgDumpPath()).isEqualTo(Path.of("/usr/lib/postgresql/16/bin/pg_dump"));
        assertThat(settings.snapshotVerify()).isEqualTo(SnapshotVerify.FULL);
        assertThat(settings.snapshotRequired()).isFalse();
        assertThat(settings.onFailure()).isEqualTo(OnFailure.RESTORE);
        assertThat(LockstepSettings.builder().set("snapshot.enabled", "false").build().snapshotEnabled()).isFalse();
    }
}
