package dev.lockstep;

import static dev.lockstep.LockstepSettings.CONNECT_TIMEOUT;
import static dev.lockstep.LockstepSettings.ENABLED;
import static dev.lockstep.LockstepSettings.HEALTH_AHEAD_OF_APP;
import static dev.lockstep.LockstepSettings.LINT_LARGE_TABLE_ROWS;
import static dev.lockstep.LockstepSettings.LINT_POLICY;
import static dev.lockstep.LockstepSettings.LINT_RULES;
import static dev.lockstep.LockstepSettings.LINT_TRACE;
import static dev.lockstep.LockstepSettings.LOCK_KEY;
import static dev.lockstep.LockstepSettings.LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.MIGRATION_LOCK_RETRY_BUDGET;
import static dev.lockstep.LockstepSettings.MIGRATION_LOCK_TIMEOUT;
import static dev.lockstep.LockstepSettings.MIGRATION_STATEMENT_TIMEOUT;
import static dev.lockstep.LockstepSettings.MODE;
import static dev.lockstep.LockstepSettings.ON_FAILURE;
import static dev.lockstep.LockstepSettings.SNAPSHOT_DIRECTORY;
import static dev.lockstep.LockstepSettings.SNAPSHOT_ENABLED;
import static dev.lockstep.LockstepSettings.SNAPSHOT_KEEP;
import static dev.lockstep.LockstepSettings.SNAPSHOT_MAX_AGE;
import static dev.lockstep.LockstepSettings.SNAPSHOT_PG_DUMP_PATH;
import static dev.lockstep.LockstepSettings.SNAPSHOT_REQUIRED;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_ENDPOINT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_PREFIX;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_SSE;
import static dev.lockstep.LockstepSettings.SNAPSHOT_S3_SSE_KMS_KEY_ID;
import static dev.lockstep.LockstepSettings.SNAPSHOT_TIMEOUT;
import static dev.lockstep.LockstepSettings.SNAPSHOT_VERIFY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.internal.config.Durations;
import dev.lockstep.testsupport.TestLogs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Settings are read and validated at build(), and a bad one is named with its value and its range; no database is
 * touched.
 */
class SettingsTest {
    private static final AtomicInteger TYPO_RUNS = new AtomicInteger();
    private final DataSource unused = new PGSimpleDataSource();
    @RegisterExtension
    final TestLogs logs = new TestLogs();

    @Test
    void defaultsAreTheContractsDefaults() {
        LockstepSettings defaults = LockstepSettings.defaults();

        assertThat(defaults.get(ENABLED)).isTrue();
        assertThat(defaults.get(MODE)).isEqualTo(Mode.MIGRATE);
        assertThat(defaults.get(CONNECT_TIMEOUT)).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.get(LOCK_TIMEOUT)).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.get(LOCK_KEY)).isNull();
        assertThat(defaults.get(MIGRATION_LOCK_TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.get(MIGRATION_STATEMENT_TIMEOUT)).isEqualTo(Duration.ZERO);
        assertThat(defaults.get(MIGRATION_LOCK_RETRY_BUDGET)).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.get(HEALTH_AHEAD_OF_APP)).isEqualTo(Health.UP);
        assertThat(defaults.get(SNAPSHOT_ENABLED)).isTrue();
        assertThat(defaults.get(SNAPSHOT_DIRECTORY)).isEqualTo(Path.of("lockstep-snapshots"));
        assertThat(defaults.get(SNAPSHOT_REQUIRED)).isTrue();
        assertThat(defaults.get(SNAPSHOT_KEEP)).isEqualTo(5);
        assertThat(defaults.get(SNAPSHOT_MAX_AGE)).isEqualTo(Duration.ofDays(7));
        assertThat(defaults.get(SNAPSHOT_TIMEOUT)).isEqualTo(Duration.ofMinutes(30));
        assertThat(defaults.get(SNAPSHOT_PG_DUMP_PATH)).isNull();
        assertThat(defaults.get(SNAPSHOT_VERIFY)).isEqualTo(SnapshotVerify.LIST);
        assertThat(defaults.get(ON_FAILURE)).isEqualTo(OnFailure.FAIL);
        assertThat(defaults.get(LINT_POLICY)).isEqualTo(LintPolicy.WARN);
        assertThat(defaults.get(LINT_TRACE)).isFalse();
        assertThat(defaults.get(LINT_LARGE_TABLE_ROWS)).isEqualTo(100_000L);
        assertThat(defaults.get(LINT_RULES)).isEmpty();
        for (Setting<?> setting : LockstepSettings.all()) {
            assertThat((Object) defaults.get(setting)).as(setting.key()).isEqualTo(setting.defaultValue());
        }
    }

    @Test
    void theCatalogueListsEveryKeyOnceInTheDocsOrder() {
        assertThat(LockstepSettings.keys()).containsExactly("enabled", "mode", "connect-timeout", "lock.timeout",
                "lock.key", "migration.lock-timeout", "migration.statement-timeout", "migration.lock-retry-budget",
                "health.ahead-of-app", "snapshot.enabled", "snapshot.directory", "snapshot.required", "snapshot.keep",
                "snapshot.max-age", "snapshot.timeout", "snapshot.pg-dump-path", "snapshot.verify", "snapshot.storage",
                "snapshot.s3.bucket", "snapshot.s3.prefix", "snapshot.s3.region", "snapshot.s3.endpoint",
                "snapshot.s3.path-style", "snapshot.s3.sse", "snapshot.s3.sse-kms-key-id", "on-failure", "lint.policy",
                "lint.trace", "lint.large-table-rows", "lint.rules");
        assertThat(LockstepSettings.all()).extracting(Setting::key).containsExactlyElementsOf(LockstepSettings.keys());
        assertThat(MIGRATION_LOCK_TIMEOUT.environmentName()).isEqualTo("LOCKSTEP_MIGRATION_LOCK_TIMEOUT");
        assertThat(MODE.choices()).containsExactly("migrate", "validate", "wait", "off");
        assertThat(HEALTH_AHEAD_OF_APP.choices()).containsExactly("up", "down");
    }

    /** The ranges, in the words every message and the docs use. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            connect-timeout             | a duration from 1ms to 365d
            lock.timeout                | a duration from 1ms to 365d
            lock.key                    | a whole number from -9223372036854775808 to 9223372036854775807, or empty to derive it
            migration.lock-timeout      | a duration from 1ms to 2147483647ms in whole milliseconds (PostgreSQL's limits for lock_timeout, where 0 means no limit)
            migration.statement-timeout | 0s (no limit) or a duration from 1ms to 2147483647ms in whole milliseconds (PostgreSQL's limits for statement_timeout)
            migration.lock-retry-budget | a duration from 0s to 365d
            snapshot.keep               | a whole number from 1 to 2147483647
            snapshot.max-age            | a duration from 0s to 3650d
            snapshot.timeout            | a duration from 1ms to 365d
            mode                        | migrate, validate, wait or off
            health.ahead-of-app         | up or down
            lint.policy                 | off, warn or fail
            lint.large-table-rows       | a whole number from 0 to 9223372036854775807
            lint.rules                  | off, warn or error for each rule-id
            """)
    void everySettingStatesItsRange(String key, String allowed) {
        assertThat(setting(key).allowed()).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            connect-timeout             | 0s                    | Invalid Lockstep setting connect-timeout=0s: use a duration from 1ms to 365d.
            lock.timeout                | -5s                   | Invalid Lockstep setting lock.timeout=-5s: use a duration from 1ms to 365d.
            lock.timeout                | PT-5S                 | Invalid Lockstep setting lock.timeout=PT-5S: use a duration from 1ms to 365d.
            lock.timeout                | 10                    | Invalid Lockstep setting lock.timeout=10: use a duration from 1ms to 365d, written as a number with a unit (500ms, 30s, 10m, 2h, 7d) or in ISO-8601 (PT10M).
            lock.timeout                | 5 minutes             | Invalid Lockstep setting lock.timeout=5 minutes: use a duration from 1ms to 365d, written as a number with a unit (500ms, 30s, 10m, 2h, 7d) or in ISO-8601 (PT10M).
            lock.timeout                | 366d                  | Invalid Lockstep setting lock.timeout=366d: use a duration from 1ms to 365d.
            lock.timeout                | PT1.0005S             | Invalid Lockstep setting lock.timeout=PT1.0005S: use whole milliseconds, a duration from 1ms to 365d.
            lock.timeout                | 99999999999999999999s | Invalid Lockstep setting lock.timeout=99999999999999999999s: use a duration from 1ms to 365d.
            lock.timeout                | 9999999999999999d     | Invalid Lockstep setting lock.timeout=9999999999999999d: use a duration from 1ms to 365d.
            lock.timeout                | PT99999999999999999999S | Invalid Lockstep setting lock.timeout=PT99999999999999999999S: use a duration from 1ms to 365d.
            migration.lock-timeout      | 0ms                   | Invalid Lockstep setting migration.lock-timeout=0ms: use a duration from 1ms to 2147483647ms in whole milliseconds (PostgreSQL's limits for lock_timeout, where 0 means no limit).
            migration.lock-timeout      | PT0.0005S             | Invalid Lockstep setting migration.lock-timeout=PT0.0005S: use a duration from 1ms to 2147483647ms in whole milliseconds (PostgreSQL's limits for lock_timeout, where 0 means no limit).
            migration.lock-timeout      | 30d                   | Invalid Lockstep setting migration.lock-timeout=30d: use a duration from 1ms to 2147483647ms in whole milliseconds (PostgreSQL's limits for lock_timeout, where 0 means no limit).
            migration.lock-timeout      | 2147483648ms          | Invalid Lockstep setting migration.lock-timeout=2147483648ms: use a duration from 1ms to 2147483647ms in whole milliseconds (PostgreSQL's limits for lock_timeout, where 0 means no limit).
            migration.statement-timeout | PT0.0005S             | Invalid Lockstep setting migration.statement-timeout=PT0.0005S: use 0s (no limit) or a duration from 1ms to 2147483647ms in whole milliseconds (PostgreSQL's limits for statement_timeout).
            migration.statement-timeout | PT1.5001S             | Invalid Lockstep setting migration.statement-timeout=PT1.5001S: use whole milliseconds, 0s (no limit) or a duration from 1ms to 2147483647ms in whole milliseconds (PostgreSQL's limits for statement_timeout).
            migration.statement-timeout | 25d                   | Invalid Lockstep setting migration.statement-timeout=25d: use 0s (no limit) or a duration from 1ms to 2147483647ms in whole milliseconds (PostgreSQL's limits for statement_timeout).
            migration.statement-timeout | -1s                   | Invalid Lockstep setting migration.statement-timeout=-1s: use 0s (no limit) or a duration from 1ms to 2147483647ms in whole milliseconds (PostgreSQL's limits for statement_timeout).
            migration.lock-retry-budget | soon                  | Invalid Lockstep setting migration.lock-retry-budget=soon: use a duration from 0s to 365d, written as a number with a unit
            migration.lock-retry-budget | -1m                   | Invalid Lockstep setting migration.lock-retry-budget=-1m: use a duration from 0s to 365d.
            snapshot.max-age            | -1d                   | Invalid Lockstep setting snapshot.max-age=-1d: use a duration from 0s to 3650d.
            snapshot.max-age            | 3651d                 | Invalid Lockstep setting snapshot.max-age=3651d: use a duration from 0s to 3650d.
            snapshot.timeout            | 0s                    | Invalid Lockstep setting snapshot.timeout=0s: use a duration from 1ms to 365d.
            snapshot.timeout            | 999999d               | Invalid Lockstep setting snapshot.timeout=999999d: use a duration from 1ms to 365d.
            snapshot.keep               | 0                     | Invalid Lockstep setting snapshot.keep=0: use a whole number from 1 to 2147483647.
            snapshot.keep               | -1                    | Invalid Lockstep setting snapshot.keep=-1: use a whole number from 1 to 2147483647.
            snapshot.keep               | five                  | Invalid Lockstep setting snapshot.keep=five: use a whole number from 1 to 2147483647.
            snapshot.keep               | 2147483648            | Invalid Lockstep setting snapshot.keep=2147483648: use a whole number from 1 to 2147483647.
            snapshot.keep               | 99999999999999999999  | Invalid Lockstep setting snapshot.keep=99999999999999999999: use a whole number from 1 to 2147483647.
            lock.key                    | abc                   | Invalid Lockstep setting lock.key=abc: use a whole number from -9223372036854775808 to 9223372036854775807, or empty to derive it.
            lock.key                    | 9223372036854775808   | Invalid Lockstep setting lock.key=9223372036854775808: use a whole number from -9223372036854775808 to 9223372036854775807, or empty to derive it.
            lock.key                    | 1.5                   | Invalid Lockstep setting lock.key=1.5: use a whole number from -9223372036854775808 to 9223372036854775807, or empty to derive it.
            mode                        | migrat                | Invalid Lockstep setting mode=migrat: use migrate, validate, wait or off.
            mode                        | ''                    | Invalid Lockstep setting mode=: use migrate, validate, wait or off.
            enabled                     | yes                   | Invalid Lockstep setting enabled=yes: use true or false.
            health.ahead-of-app         | sideways              | Invalid Lockstep setting health.ahead-of-app=sideways: use up or down.
            health.ahead-of-app         | out_of_service        | Invalid Lockstep setting health.ahead-of-app=out_of_service: use up or down.
            snapshot.verify             | deep                  | Invalid Lockstep setting snapshot.verify=deep: use list or full.
            snapshot.required           | maybe                 | Invalid Lockstep setting snapshot.required=maybe: use true or false.
            snapshot.directory          | '  '                  | Invalid Lockstep setting snapshot.directory=  : use a directory path such as /var/lib/app/snapshots.
            on-failure                  | rollback              | Invalid Lockstep setting on-failure=rollback: use fail or restore.
            snapshot.storage            | gcs                   | Invalid Lockstep setting snapshot.storage=gcs: use local or s3.
            snapshot.s3.bucket          | My_Bucket             | Invalid Lockstep setting snapshot.s3.bucket=My_Bucket: use a bucket name: 3 to 63 characters of a-z, 0-9, . and -.
            snapshot.s3.prefix          | backups               | Invalid Lockstep setting snapshot.s3.prefix=backups: use a key prefix ending in / such as lockstep/<database>/, without . or .. segments, or empty for the bucket's root.
            snapshot.s3.prefix          | a/../b/               | Invalid Lockstep setting snapshot.s3.prefix=a/../b/: use a key prefix ending in / such as lockstep/<database>/, without . or .. segments, or empty for the bucket's root.
            snapshot.s3.endpoint        | minio:9000            | Invalid Lockstep setting snapshot.s3.endpoint=minio:9000: use an http or https URL such as https://minio.internal:9000, without a user or password (credentials come from the AWS SDK's default chain only).
            snapshot.s3.endpoint        | //minio:9000          | Invalid Lockstep setting snapshot.s3.endpoint=//minio:9000: use an http or https URL such as https://minio.internal:9000, without a user or password (credentials come from the AWS SDK's default chain only).
            snapshot.s3.endpoint        | ftp://minio:9000      | Invalid Lockstep setting snapshot.s3.endpoint=ftp://minio:9000: use an http or https URL such as https://minio.internal:9000, without a user or password (credentials come from the AWS SDK's default chain only).
            snapshot.s3.endpoint        | http:///snapshots     | Invalid Lockstep setting snapshot.s3.endpoint=http:///snapshots: use an http or https URL such as https://minio.internal:9000, without a user or password (credentials come from the AWS SDK's default chain only).
            snapshot.s3.endpoint        | https://minio .internal | Invalid Lockstep setting snapshot.s3.endpoint=https://minio .internal: use an http or https URL such as https://minio.internal:9000, without a user or password (credentials come from the AWS SDK's default chain only).
            snapshot.s3.endpoint        | http://minio:9000/?region=eu | Invalid Lockstep setting snapshot.s3.endpoint=http://minio:9000/?region=eu: use an http or https URL such as https://minio.internal:9000, without a user or password (credentials come from the AWS SDK's default chain only).
            snapshot.s3.endpoint        | http://minio:9000/#top | Invalid Lockstep setting snapshot.s3.endpoint=http://minio:9000/#top: use an http or https URL such as https://minio.internal:9000, without a user or password (credentials come from the AWS SDK's default chain only).
            lint.rules                  | =off                  | Invalid Lockstep setting lint.rules==off: there is no rule-id ''; did you mean 
            snapshot.s3.sse             | DES                   | Invalid Lockstep setting snapshot.s3.sse=DES: use AES256, aws:kms or aws:kms:dsse, or empty for the bucket's default.
            snapshot.s3.path-style      | maybe                 | Invalid Lockstep setting snapshot.s3.path-style=maybe: use true or false.
            lint.policy                 | strict                | Invalid Lockstep setting lint.policy=strict: use off, warn or fail.
            lint.trace                  | yes                   | Invalid Lockstep setting lint.trace=yes: use true or false.
            lint.large-table-rows       | -1                    | Invalid Lockstep setting lint.large-table-rows=-1: use a whole number from 0 to 9223372036854775807.
            lint.large-table-rows       | 1e6                   | Invalid Lockstep setting lint.large-table-rows=1e6: use a whole number from 0 to 9223372036854775807.
            lint.rules.drop-column      | info                  | Invalid Lockstep setting lint.rules.drop-column=info: use off, warn or error.
            lint.rules.drop-colum       | off                   | Invalid Lockstep setting lint.rules.drop-colum=off: there is no rule-id 'drop-colum'; did you mean drop-column? The rule-ids: index-without-concurrently, concurrently-in-transaction,
            lint.rules.locktable        | off                   | Invalid Lockstep setting lint.rules.locktable=off: there is no rule-id 'locktable'; did you mean lock-table?
            lint.rules                  | drop-column           | Invalid Lockstep setting lint.rules=drop-column: write each rule-id with its value: index-without-concurrently=off, separated by commas.
            lint.rules                  | drop-colum=off        | Invalid Lockstep setting lint.rules=drop-colum=off: there is no rule-id 'drop-colum'; did you mean drop-column?
            lint.rulez.drop-column      | off                   | Unknown Lockstep setting 'lint.rulez.drop-column'; did you mean lint.rules? Known settings:
            lock.timout                 | 5m                    | Unknown Lockstep setting 'lock.timout'; did you mean lock.timeout? Known settings: enabled, mode, connect-timeout, lock.timeout, lock.key,
            snapshot.dir                | /data                 | Unknown Lockstep setting 'snapshot.dir'; did you mean snapshot.directory? Known settings:
            """)
    void invalidValuesAreRejectedAtBuildNamingKeyValueAndRange(String key, String value, String message) {
        Lockstep.Builder builder = Lockstep.configure(unused).properties(Map.of(key, value));

        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                    assertThat(e.key()).as("the key an adapter names in its own form").isEqualTo(key);
                    assertThat(e.value()).isEqualTo(value);
                })
                .hasMessageStartingWith(message);
    }

    /** No duration can overflow later (toNanos(), a deadline): each is refused above its maximum, whatever its form. */
    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("durationsTooLarge")
    void everyDurationRefusesValuesAboveItsMaximum(Setting<Duration> setting, String value) {
        assertThatThrownBy(() -> LockstepSettings.builder().set(setting.key(), value).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid Lockstep setting " + setting.key() + "=" + value + ": use " + setting.allowed()
                        + ".");
    }

    static Stream<Arguments> durationsTooLarge() {
        return LockstepSettings.all().stream().filter(setting -> setting.type() == Duration.class)
                .flatMap(setting -> Stream.of("99999999999999999999s", "9999999999999999d", "999999d", "3651d",
                                "-99999999999999999999ms", "P99999999999D")
                        .map(value -> Arguments.of(setting, value)));
    }

    @Test
    void theLimitsThemselvesAreAccepted() {
        LockstepSettings settings = LockstepSettings.builder().properties(Map.of(
                "migration.lock-timeout", "2147483647ms", "migration.statement-timeout", "1ms",
                "lock.timeout", "365d", "connect-timeout", "1ms", "snapshot.max-age", "3650d",
                "snapshot.keep", "2147483647", "migration.lock-retry-budget", "0s",
                "lock.key", "-9223372036854775808")).build();

        assertThat(settings.get(MIGRATION_LOCK_TIMEOUT)).isEqualTo(Duration.ofMillis(Integer.MAX_VALUE));
        assertThat(settings.get(MIGRATION_STATEMENT_TIMEOUT)).isEqualTo(Duration.ofMillis(1));
        assertThat(settings.get(LOCK_TIMEOUT)).isEqualTo(Duration.ofDays(365));
        assertThat(settings.get(SNAPSHOT_MAX_AGE)).isEqualTo(Duration.ofDays(3650));
        assertThat(settings.get(SNAPSHOT_KEEP)).isEqualTo(Integer.MAX_VALUE);
        assertThat(settings.get(LOCK_KEY)).isEqualTo(Long.MIN_VALUE);
        assertThat(LockstepSettings.builder().set("migration.statement-timeout", "0s").build()
                .get(MIGRATION_STATEMENT_TIMEOUT)).as("0s is the explicit 'no limit'").isZero();
    }

    @Test
    void typedValuesAreValidatedAtBuildAndShownAsTheContractWritesThem() {
        assertThatThrownBy(() -> Lockstep.configure(unused).set(MIGRATION_LOCK_TIMEOUT, Duration.ofNanos(500_000))
                .build())
                .hasMessage("Invalid Lockstep setting migration.lock-timeout=PT0.0005S: use a duration from 1ms to"
                        + " 2147483647ms in whole milliseconds (PostgreSQL's limits for lock_timeout, where 0 means no"
                        + " limit).");
        assertThatThrownBy(() -> Lockstep.configure(unused).set(MIGRATION_STATEMENT_TIMEOUT, Duration.ofSeconds(-1))
                .build())
                .hasMessageStartingWith("Invalid Lockstep setting migration.statement-timeout=-1s: use 0s (no limit)");
        assertThatThrownBy(() -> Lockstep.configure(unused).set(LOCK_TIMEOUT, Duration.ofDays(999_999)).build())
                .hasMessage("Invalid Lockstep setting lock.timeout=999999d: use a duration from 1ms to 365d.");
        assertThatThrownBy(() -> Lockstep.configure(unused).set(CONNECT_TIMEOUT, Duration.ZERO).build())
                .hasMessage("Invalid Lockstep setting connect-timeout=0s: use a duration from 1ms to 365d.");
        assertThatThrownBy(() -> Lockstep.configure(unused).set(HEALTH_AHEAD_OF_APP, Health.OUT_OF_SERVICE).build())
                .hasMessage("Invalid Lockstep setting health.ahead-of-app=out-of-service: use up or down.");
        assertThatThrownBy(() -> Lockstep.configure(unused).set(SNAPSHOT_KEEP, 0).build())
                .hasMessage("Invalid Lockstep setting snapshot.keep=0: use a whole number from 1 to 2147483647.");
        assertThatThrownBy(() -> Lockstep.configure(unused).set(MODE, null).build())
                .hasMessage("Invalid Lockstep setting mode=: use migrate, validate, wait or off.");
    }

    @Test
    void nothingIsReadBeforeBuild() {
        LockstepSettings.Builder builder = LockstepSettings.builder().set("lock.timeout", "soon")
                .set("lock.timout", "5m");

        assertThatThrownBy(builder::build).hasMessageStartingWith("Unknown Lockstep setting 'lock.timout'");
        assertThatCode(() -> builder.set("lock.timeout", "5m")).doesNotThrowAnyException();
    }

    @Test
    void theLastValueGivenWinsWhateverItsForm() {
        LockstepSettings settings = LockstepSettings.builder()
                .set(LOCK_TIMEOUT, Duration.ofMinutes(1)).set("lock.timeout", "2m")
                .set("mode", "wait").set(MODE, Mode.VALIDATE)
                .set(LOCK_KEY, 42L).set("lock.key", "")
                .build();

        assertThat(settings.get(LOCK_TIMEOUT)).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.get(MODE)).isEqualTo(Mode.VALIDATE);
        assertThat(settings.get(LOCK_KEY)).as("the empty text unsets it").isNull();
    }

    @Test
    void objectStorageNeedsABucketAndAKmsKeyNeedsKmsEncryption() {
        assertThatThrownBy(() -> Lockstep.configure(unused).properties(Map.of("snapshot.storage", "s3")).build())
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.key()).isEqualTo("snapshot.s3.bucket"))
                .hasMessageContaining("snapshot.storage=s3 needs the bucket to keep snapshots in; set"
                        + " snapshot.s3.bucket, or snapshot.storage=local");
        assertThatThrownBy(() -> Lockstep.configure(unused).properties(Map.of("snapshot.s3.sse-kms-key-id",
                "alias/snapshots")).build())
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.key()).isEqualTo("snapshot.s3.sse-kms-key-id"))
                .hasMessageContaining("a KMS key needs snapshot.s3.sse=aws:kms or aws:kms:dsse (now unset)");
    }

    @Test
    void anEndpointWithCredentialsInItIsRefusedAndNotEchoed() {
        assertThatThrownBy(() -> Lockstep.configure(unused).properties(Map.of("snapshot.s3.endpoint",
                "https://key:secret@minio.internal:9000")).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("Invalid Lockstep setting snapshot.s3.endpoint=https://***@minio.internal:9000:"
                        + " use an http or https URL")
                .hasMessageNotContaining("secret");
    }

    /** Whatever else is wrong with an endpoint, a user and password before its host are cut from the message. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ://key:secret@minio:9000     | ://***@minio:9000
            key:secret@minio:9000        | ***@minio:9000
            http://@minio:9000           | http://***@minio:9000
            ftp://key:secret@minio/a@b   | ftp://***@minio/a@b
            ftp://minio/@b               | ftp://minio/@b
            /snapshots@minio             | /snapshots@minio
            """)
    void anEndpointIsShownWithoutTheUserInfoBeforeItsHostOnly(String endpoint, String shown) {
        assertThatThrownBy(() -> LockstepSettings.builder().set("snapshot.s3.endpoint", endpoint).build())
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.value()).isEqualTo(shown))
                .hasMessageStartingWith("Invalid Lockstep setting snapshot.s3.endpoint=" + shown + ": use an http or"
                        + " https URL");
    }

    @Test
    void objectStorageValuesAreAcceptedUpToTheirLimits() {
        String longest = "a".repeat(511) + "/";
        LockstepSettings settings = LockstepSettings.builder().properties(Map.of("snapshot.s3.prefix", longest,
                "snapshot.s3.endpoint", "http://minio:9000", "snapshot.s3.sse", "aws:kms",
                "snapshot.s3.sse-kms-key-id", "alias/snapshots")).build();

        assertThat(settings.get(SNAPSHOT_S3_PREFIX)).hasSize(512);
        assertThat(settings.get(SNAPSHOT_S3_SSE_KMS_KEY_ID)).isEqualTo("alias/snapshots");
        assertThat(LockstepSettings.builder().set("snapshot.s3.endpoint", "HTTPS://minio.internal").build()
                .get(SNAPSHOT_S3_ENDPOINT)).isEqualTo("HTTPS://minio.internal");
        assertThat(LockstepSettings.builder().set("snapshot.s3.sse", "aes256").build().get(SNAPSHOT_S3_SSE))
                .as("written as S3 writes it").isEqualTo("AES256");
        assertThat(LockstepSettings.builder().set("snapshot.s3.sse", "").build().get(SNAPSHOT_S3_SSE)).isNull();
        assertThatThrownBy(() -> LockstepSettings.builder().set("snapshot.s3.prefix", "a" + longest).build())
                .hasMessageStartingWith("Invalid Lockstep setting snapshot.s3.prefix=a" + longest + ": use a key"
                        + " prefix ending in /");
        assertThatThrownBy(() -> LockstepSettings.builder().set(SNAPSHOT_S3_PREFIX, null).build())
                .hasMessage("Invalid Lockstep setting snapshot.s3.prefix=: use a key prefix ending in / such as"
                        + " lockstep/<database>/, without . or .. segments, or empty for the bucket's root.");
        assertThatThrownBy(() -> LockstepSettings.builder().properties(Map.of("snapshot.s3.sse", "AES256",
                "snapshot.s3.sse-kms-key-id", "alias/snapshots")).build())
                .hasMessage("Invalid Lockstep setting snapshot.s3.sse-kms-key-id=alias/snapshots: a KMS key needs"
                        + " snapshot.s3.sse=aws:kms or aws:kms:dsse (now AES256).");
    }

    /** A value given in code is checked like one given as text, null included. */
    @Test
    void aTypedNullIsRefusedWhereTheSettingCannotBeUnset() {
        assertThatThrownBy(() -> LockstepSettings.builder().set(ENABLED, null).build())
                .hasMessage("Invalid Lockstep setting enabled=: use true or false.");
        assertThatThrownBy(() -> LockstepSettings.builder().set(LOCK_TIMEOUT, null).build())
                .hasMessage("Invalid Lockstep setting lock.timeout=: use a duration from 1ms to 365d.");
        assertThatThrownBy(() -> LockstepSettings.builder().set(MIGRATION_STATEMENT_TIMEOUT, null).build())
                .hasMessageStartingWith("Invalid Lockstep setting migration.statement-timeout=: use 0s (no limit)");
        assertThatThrownBy(() -> LockstepSettings.builder().set(LINT_RULES, null).build())
                .hasMessage("Invalid Lockstep setting lint.rules=: use off, warn or error for each rule-id.");
        assertThatThrownBy(() -> LockstepSettings.builder().set("lock.timeout", null))
                .isInstanceOf(NullPointerException.class).hasMessage("the value of lock.timeout");
    }

    @Test
    void aTypedRuleMapIsCheckedMemberByMember() {
        Map<String, RuleLevel> noLevel = new java.util.HashMap<>();
        noLevel.put("drop-column", null);

        assertThatThrownBy(() -> LockstepSettings.builder().set(LINT_RULES, noLevel).build())
                .hasMessageStartingWith("Invalid Lockstep setting lint.rules=drop-column=: use off, warn or error for"
                        + " drop-column.");
        assertThatThrownBy(() -> LockstepSettings.builder().set(LINT_RULES, Map.of("drop-colum", RuleLevel.OFF))
                .build())
                .hasMessageStartingWith("Invalid Lockstep setting lint.rules=drop-colum=off: there is no rule-id"
                        + " 'drop-colum'; did you mean drop-column?");
    }

    @Test
    void wholeNumbersAreAcceptedFromTheirMinimumToTheirMaximum() {
        assertThat(LockstepSettings.builder().set("lint.large-table-rows", "0").build().get(LINT_LARGE_TABLE_ROWS))
                .isZero();
        assertThat(LockstepSettings.builder().set(LINT_LARGE_TABLE_ROWS, Long.MAX_VALUE).build()
                .get(LINT_LARGE_TABLE_ROWS)).isEqualTo(Long.MAX_VALUE);
        assertThat(LockstepSettings.builder().set("snapshot.keep", "1").build().get(SNAPSHOT_KEEP)).isOne();
    }

    /** Messages show any duration, however extreme, and the text reads back as the same duration. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            PT-0.001S                              | -1ms
            PT-1.5S                                | -1500ms
            PT-5S                                  | -5s
            PT-24H                                 | -1d
            PT-1M                                  | -1m
            PT2562047788015215H30M7S               | 9223372036854775807s
            PT-2562047788015215H-30M-8S            | -9223372036854775808s
            PT2562047788015215H30M7.999S           | PT2562047788015215H30M7.999S
            PT-2562047788015215H-30M-7.999S        | PT-2562047788015215H-30M-7.999S
            PT1.0005S                              | PT1.0005S
            """)
    void everyDurationIsFormattedAsTextThatReadsBack(Duration value, String text) {
        assertThat(Durations.format(value)).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(value);
    }

    @Test
    void aTypedDurationTooLargeForMillisecondsIsRefusedLikeAnyOther() {
        assertThatThrownBy(() -> Lockstep.configure(unused).set(LOCK_TIMEOUT, Duration.ofSeconds(Long.MAX_VALUE,
                        1_000_000)).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid Lockstep setting lock.timeout=PT2562047788015215H30M7.001S: use a duration from"
                        + " 1ms to 365d.");
    }

    /** A setting prints as its key: how a user's own log lines and messages name it. */
    @Test
    void aSettingPrintsAsItsKey() {
        assertThat(LOCK_TIMEOUT).hasToString("lock.timeout");
        assertThat(String.valueOf(LINT_RULES)).isEqualTo("lint.rules");
    }

    @Test
    void restoringOnFailureNeedsSnapshots() {
        assertThatThrownBy(() -> Lockstep.configure(unused).set(SNAPSHOT_ENABLED, false)
                .set(ON_FAILURE, OnFailure.RESTORE)
                .build())
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                    assertThat(e.key()).isEqualTo("on-failure");
                })
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
        LockstepSettings settings = LockstepSettings.builder().properties(Map.of(
                "mode", "validate", "connect-timeout", "PT90S", "lock.timeout", "2h", "lock.key", "-17",
                "migration.lock-timeout", "750ms", "migration.statement-timeout", "0s",
                "migration.lock-retry-budget", "1d", "health.ahead-of-app", "DOWN", "enabled", "false",
                "snapshot.verify", " Full ")).build();

        assertThat(settings.get(MODE)).isEqualTo(Mode.VALIDATE);
        assertThat(settings.get(CONNECT_TIMEOUT)).isEqualTo(Duration.ofSeconds(90));
        assertThat(settings.get(LOCK_TIMEOUT)).isEqualTo(Duration.ofHours(2));
        assertThat(settings.get(LOCK_KEY)).isEqualTo(-17L);
        assertThat(settings.get(MIGRATION_LOCK_TIMEOUT)).isEqualTo(Duration.ofMillis(750));
        assertThat(settings.get(MIGRATION_LOCK_RETRY_BUDGET)).isEqualTo(Duration.ofDays(1));
        assertThat(settings.get(HEALTH_AHEAD_OF_APP)).isEqualTo(Health.DOWN);
        assertThat(settings.get(ENABLED)).isFalse();
        assertThat(settings.get(SNAPSHOT_VERIFY)).isEqualTo(SnapshotVerify.FULL);
        assertThat(settings.toBuilder().build()).isEqualTo(settings).hasSameHashCodeAs(settings);
        assertThat(settings).isNotEqualTo(LockstepSettings.defaults());
        assertThat(Lockstep.configure(unused).settings(settings).build().settings()).isEqualTo(settings);
        assertThat(settings.toString()).startsWith("LockstepSettings[enabled=false, mode=validate, connect-timeout=90s,"
                + " lock.timeout=2h, lock.key=-17, migration.lock-timeout=750ms, migration.statement-timeout=0s,");
    }

    @Test
    void everyDefaultReadsBackFromItsFormattedText() {
        for (Setting<?> setting : LockstepSettings.all()) {
            assertThat(roundTrip(setting)).as(setting.key()).isEqualTo(setting.defaultValue());
        }
    }

    /**
     * {@code lint.rules} is a map: each rule's level is a key of its own, by name (any case, {@code -}, {@code _} or
     * {@code .}), from the environment, or all at once; members given one by one win over the whole map.
     */
    @Test
    void ruleLevelsAreReadMemberByMemberInEveryForm() {
        assertThat(LINT_RULES.members()).startsWith("index-without-concurrently", "concurrently-in-transaction")
                .contains("lock-timeout-zero").hasSize(16);
        assertThat(LINT_RULES.keyPattern()).isEqualTo("lint.rules.<rule-id>");
        assertThat(LINT_RULES.environmentPattern()).isEqualTo("LOCKSTEP_LINT_RULES_<RULE_ID>");
        assertThat(LINT_RULES.choices()).containsExactly("off", "warn", "error");

        LockstepSettings byName = LockstepSettings.builder().set("lint.rules", "lock-table=error, drop-table=warn")
                .set("lint.rules.drop-column", "off").set("lint.rules.Volatile_Default", "WARN")
                .set("lint.rules.drop-table", "off").build();
        assertThat(byName.get(LINT_RULES)).isEqualTo(Map.of("lock-table", RuleLevel.ERROR, "drop-table", RuleLevel.OFF,
                "drop-column", RuleLevel.OFF, "volatile-default", RuleLevel.WARN));
        assertThat(LINT_RULES.format(byName.get(LINT_RULES))).contains("lock-table=error", "drop-column=off");

        LockstepSettings fromEnvironment = LockstepSettings.fromEnvironment(Map.of(
                "LOCKSTEP_LINT_RULES_DROP_COLUMN", "off", "LOCKSTEP_LINT_POLICY", "fail",
                "LOCKSTEP_LINT_LARGE_TABLE_ROWS", "5000", "LOCKSTEP_LINT_TRACE", "true"));
        assertThat(fromEnvironment.get(LINT_RULES)).isEqualTo(Map.of("drop-column", RuleLevel.OFF));
        assertThat(fromEnvironment.get(LINT_POLICY)).isEqualTo(LintPolicy.FAIL);
        assertThat(fromEnvironment.get(LINT_LARGE_TABLE_ROWS)).isEqualTo(5000L);
        assertThat(fromEnvironment.get(LINT_TRACE)).isTrue();

        assertThat(LockstepSettings.builder().set(LINT_RULES, Map.of("cluster", RuleLevel.ERROR)).build()
                .get(LINT_RULES)).containsEntry("cluster", RuleLevel.ERROR);
        assertThatThrownBy(() -> LockstepSettings.builder().set(LINT_RULES, Map.of("clustr", RuleLevel.ERROR)).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("Invalid Lockstep setting lint.rules=clustr=error: there is no rule-id 'clustr';"
                        + " did you mean cluster?");
    }

    @Test
    void aBadRuleLevelInTheEnvironmentNamesItsMemberKey() {
        assertThatThrownBy(() -> LockstepSettings.fromEnvironment(Map.of("LOCKSTEP_LINT_RULES_DROP_COLUM", "off")))
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.key()).isEqualTo("lint.rules.drop-colum"))
                .hasMessageContaining("did you mean drop-column?");
    }

    @Test
    void environmentVariablesMapOntoTheKeys() {
        LockstepSettings settings = LockstepSettings.fromEnvironment(Map.of(
                "LOCKSTEP_MIGRATION_LOCK_TIMEOUT", "2s", "LOCKSTEP_LOCK_TIMEOUT", "3m", "LOCKSTEP_MODE", "wait",
                "LOCKSTEP_HEALTH_AHEAD_OF_APP", "down", "PATH", "/usr/bin"));

        assertThat(settings.get(MIGRATION_LOCK_TIMEOUT)).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.get(LOCK_TIMEOUT)).isEqualTo(Duration.ofMinutes(3));
        assertThat(settings.get(MODE)).isEqualTo(Mode.WAIT);
        assertThat(settings.get(HEALTH_AHEAD_OF_APP)).isEqualTo(Health.DOWN);
    }

    @Test
    void snapshotSettingsAreReadFromTheEnvironment() {
        LockstepSettings settings = LockstepSettings.fromEnvironment(Map.of(
                "LOCKSTEP_SNAPSHOT_DIRECTORY", "/var/lib/shop/snapshots", "LOCKSTEP_SNAPSHOT_KEEP", "10",
                "LOCKSTEP_SNAPSHOT_MAX_AGE", "14d", "LOCKSTEP_SNAPSHOT_TIMEOUT", "1h",
                "LOCKSTEP_SNAPSHOT_PG_DUMP_PATH", "/usr/lib/postgresql/16/bin/pg_dump", "LOCKSTEP_SNAPSHOT_VERIFY", "full",
                "LOCKSTEP_SNAPSHOT_REQUIRED", "false", "LOCKSTEP_ON_FAILURE", "restore"));

        assertThat(settings.get(SNAPSHOT_DIRECTORY)).isEqualTo(Path.of("/var/lib/shop/snapshots"));
        assertThat(settings.get(SNAPSHOT_KEEP)).isEqualTo(10);
        assertThat(settings.get(SNAPSHOT_MAX_AGE)).isEqualTo(Duration.ofDays(14));
        assertThat(settings.get(SNAPSHOT_TIMEOUT)).isEqualTo(Duration.ofHours(1));
        assertThat(settings.get(SNAPSHOT_PG_DUMP_PATH)).isEqualTo(Path.of("/usr/lib/postgresql/16/bin/pg_dump"));
        assertThat(settings.get(SNAPSHOT_VERIFY)).isEqualTo(SnapshotVerify.FULL);
        assertThat(settings.get(SNAPSHOT_REQUIRED)).isFalse();
        assertThat(settings.get(ON_FAILURE)).isEqualTo(OnFailure.RESTORE);
    }

    /**
     * A typo would leave the default in force: the variable is named once, with the setting it most likely meant. The
     * warning is once per variable and JVM, so each run of this test misspells afresh (one more trailing letter): a
     * second run in the same JVM, as mutation testing makes, must see its own warnings.
     */
    @Test
    void aLockstepVariableThatIsNoSettingIsWarnedAboutOnceNamingTheClosest() {
        String extra = "S".repeat(TYPO_RUNS.getAndIncrement());
        String lockTimeout = "LOCKSTEP_LOCK_TIMOUT" + extra;
        String snapshotDirectory = "LOCKSTEP_SNAPSHOT_DIR" + extra;
        Map<String, String> environment = Map.of(lockTimeout, "5m", snapshotDirectory, "/data",
                "LOCKSTEP_MODE", "validate");

        LockstepSettings settings = LockstepSettings.fromEnvironment(environment);
        LockstepSettings.fromEnvironment(environment);

        assertThat(settings).isEqualTo(LockstepSettings.builder().set(MODE, Mode.VALIDATE).build());
        assertThat(warningsAbout(lockTimeout + " ")).containsExactly("WARN"
                + " dev.lockstep.internal.config.EnvironmentVariables - Environment variable " + lockTimeout + " is"
                + " not a Lockstep setting and is ignored; the closest setting is LOCKSTEP_LOCK_TIMEOUT (lock.timeout)."
                + " Every setting and its variable: docs/configuration.md.");
        assertThat(warningsAbout(snapshotDirectory + " ")).singleElement().asString()
                .contains("the closest setting is LOCKSTEP_SNAPSHOT_DIRECTORY (snapshot.directory)");
        assertThat(warningsAbout("LOCKSTEP_MODE")).isEmpty();
    }

    /** The CLI's connection and the test fixture's server are read from LOCKSTEP_* variables that are no settings. */
    @Test
    void theReservedVariablesOfLockstepsToolsAreIgnoredWithoutAWarning() {
        // Each unknown variable is warned about once per JVM: a near miss no earlier run in this JVM has used.
        String nearMiss = "LOCKSTEP_URI" + Long.toString(System.nanoTime(), 36).toUpperCase(java.util.Locale.ROOT);
        Map<String, String> environment = Map.of("LOCKSTEP_URL", "jdbc:postgresql://db/shop", "LOCKSTEP_USER", "shop",
                "LOCKSTEP_PASSWORD", "not-logged", "LOCKSTEP_TEST_JDBC_URL", "jdbc:postgresql://db/test",
                "LOCKSTEP_TEST_USER", "test", "LOCKSTEP_TEST_PASSWORD", "not-logged-either", nearMiss, "x");

        LockstepSettings settings = LockstepSettings.fromEnvironment(environment);

        assertThat(settings).isEqualTo(LockstepSettings.defaults());
        assertThat(LockstepSettings.reservedEnvironmentVariables()).containsExactlyInAnyOrder("LOCKSTEP_URL",
                "LOCKSTEP_USER", "LOCKSTEP_PASSWORD", "LOCKSTEP_TEST_JDBC_URL", "LOCKSTEP_TEST_USER",
                "LOCKSTEP_TEST_PASSWORD");
        LockstepSettings.reservedEnvironmentVariables().forEach(name ->
                assertThat(warningsAbout(name + " ")).as(name).isEmpty());
        assertThat(warningsAbout(nearMiss + " ")).as("a near miss is still a typo").hasSize(1);
        assertThat(LockstepSettings.all()).extracting(Setting::environmentName)
                .as("no setting takes a reserved name").doesNotContainAnyElementsOf(
                        LockstepSettings.reservedEnvironmentVariables());
    }

    @Test
    void aBadValueInTheEnvironmentFailsInFromEnvironmentNamingTheKey() {
        assertThatThrownBy(() -> LockstepSettings.fromEnvironment(Map.of("LOCKSTEP_LOCK_TIMEOUT", "999999d")))
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.key()).isEqualTo("lock.timeout"))
                .hasMessage("Invalid Lockstep setting lock.timeout=999999d: use a duration from 1ms to 365d.");
    }

    @Test
    void aLockKeyEqualToFlywaysOwnIsRefusedAtBuildWhenFlywaysSchemaIsConfigured() {
        long flyways = dev.lockstep.internal.lock.LockKey.flywaysKey("shop", "flyway_schema_history");

        assertThatThrownBy(() -> Lockstep.configure(unused).flyway(f -> f.schemas("shop")).set(LOCK_KEY, flyways)
                .build())
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.key()).isEqualTo("lock.key"))
                .hasMessage("Invalid Lockstep setting lock.key=" + flyways + ": it is the key of Flyway's own advisory"
                        + " lock on \"shop\".\"flyway_schema_history\", which Flyway takes while it migrates; with"
                        + " Lockstep holding it, Flyway would wait for ever. Use another number, or leave lock.key"
                        + " unset to derive a key.");
        assertThatThrownBy(() -> Lockstep.configure(unused).flyway(f -> f.defaultSchema("shop"))
                .properties(Map.of("lock.key", Long.toString(flyways))).build())
                .hasMessageContaining("Flyway's own advisory lock");
        assertThatCode(() -> Lockstep.configure(unused).flyway(f -> f.schemas("shop").table("other_history"))
                .set(LOCK_KEY, flyways).build()).as("another history table has another key").doesNotThrowAnyException();
    }

    private List<String> warningsAbout(String variable) {
        return logs.containing("Environment variable " + variable);
    }

    private static <T> T roundTrip(Setting<T> setting) {
        String text = setting.format(setting.defaultValue());
        return LockstepSettings.builder().set(setting.key(), text).build().get(setting);
    }

    private static Setting<?> setting(String key) {
        List<Setting<?>> all = LockstepSettings.all();
        return all.stream().filter(setting -> setting.key().equals(key)).findFirst().orElseThrow();
    }
}
