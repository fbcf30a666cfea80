package dev.lockstep;

import static java.util.Objects.requireNonNull;

import dev.lockstep.internal.config.DurationType;
import dev.lockstep.internal.config.EnvironmentVariables;
import dev.lockstep.internal.config.ObjectStorageSettings;
import dev.lockstep.internal.config.Spelling;
import dev.lockstep.internal.config.ValueType;
import dev.lockstep.internal.config.ValueTypes;
import dev.lockstep.internal.lint.Rule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Lockstep's settings: the catalogue of every {@link Setting} (the constants below, in the order of the docs), and an
 * immutable set of their values, validated when built. Every adapter uses the same keys: Spring Boot
 * {@code lockstep.<key>}, Quarkus {@code quarkus.lockstep.<key>}, environment {@code LOCKSTEP_<KEY>}.
 * Each constant carries its own documentation as data ({@link Setting#key()}, {@link Setting#defaultValue()},
 * {@link Setting#doc()}), from which docs/configuration.md's table is checked; it is not repeated here.
 *
 * <pre>{@code
 * LockstepSettings settings = LockstepSettings.builder()
 *         .set(LockstepSettings.LOCK_TIMEOUT, Duration.ofMinutes(5))
 *         .set("mode", "validate")
 *         .build();
 * Duration timeout = settings.get(LockstepSettings.LOCK_TIMEOUT);
 * }</pre>
 */
public final class LockstepSettings {
    private static final Duration MILLISECOND = Duration.ofMillis(1);
    private static final Duration YEAR = Duration.ofDays(365);
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    public static final Setting<Boolean> ENABLED = declare("enabled", ValueTypes.bool(), true,
            "Whether Lockstep runs at startup; false has the effect of mode=off.");
    public static final Setting<Mode> MODE = declare("mode",
            ValueTypes.choice(Mode.class, Mode.MIGRATE, Mode.VALIDATE, Mode.WAIT, Mode.OFF), Mode.MIGRATE,
            "What the startup run does: migrate, validate (never writes), wait (for another service) or off.");
    public static final Setting<Duration> CONNECT_TIMEOUT = declare("connect-timeout",
            DurationType.between(MILLISECOND, YEAR), Duration.ofSeconds(60),
            "How long to keep retrying the first connection to the database.");
    public static final Setting<Duration> LOCK_TIMEOUT = declare("lock.timeout",
            DurationType.between(MILLISECOND, YEAR), Duration.ofMinutes(10),
            "How long to wait for another instance's run (in mode=wait: for the schema to reach this application's).");
    public static final Setting<@Nullable Long> LOCK_KEY = declare("lock.key",
            ValueTypes.optionalLong("to derive it"), null,
            "The advisory lock key; when unset, derived from database, schema and history table.");
    public static final Setting<Duration> MIGRATION_LOCK_TIMEOUT = declare("migration.lock-timeout",
            DurationType.postgresTimeout("lock_timeout", null), Duration.ofSeconds(5),
            "PostgreSQL's lock_timeout for each migration: how long a statement may wait for a table lock.");
    public static final Setting<Duration> MIGRATION_STATEMENT_TIMEOUT = declare("migration.statement-timeout",
            DurationType.postgresTimeout("statement_timeout", "no limit"), Duration.ZERO,
            "PostgreSQL's statement_timeout for each migration; 0s means no limit.");
    public static final Setting<Duration> MIGRATION_LOCK_RETRY_BUDGET = declare("migration.lock-retry-budget",
            DurationType.between(Duration.ZERO, YEAR), Duration.ofMinutes(10),
            "How long to keep retrying a migration that timed out waiting for a table lock; 0s means no retry.");
    public static final Setting<Health> HEALTH_AHEAD_OF_APP = declare("health.ahead-of-app",
            ValueTypes.choice(Health.class, Health.UP, Health.DOWN), Health.UP,
            "The health of a schema with migrations this application does not ship (AHEAD_OF_APP).");
    public static final Setting<Boolean> SNAPSHOT_ENABLED = declare("snapshot.enabled", ValueTypes.bool(), true,
            "Whether to take a pg_dump snapshot before applying pending migrations.");
    public static final Setting<Path> SNAPSHOT_DIRECTORY = declare("snapshot.directory",
            ValueTypes.path("a directory path such as /var/lib/app/snapshots"), Path.of("lockstep-snapshots"),
            "Where snapshots are written, relative to the working directory; mount a volume here in containers.");
    public static final Setting<Boolean> SNAPSHOT_REQUIRED = declare("snapshot.required", ValueTypes.bool(), true,
            "Whether a failed snapshot stops the run before any migration is applied.");
    public static final Setting<Integer> SNAPSHOT_KEEP = declare("snapshot.keep",
            ValueTypes.integer(1, Integer.MAX_VALUE), 5, "How many verified snapshots retention always keeps.");
    public static final Setting<Duration> SNAPSHOT_MAX_AGE = declare("snapshot.max-age",
            DurationType.between(Duration.ZERO, Duration.ofDays(3650)), Duration.ofDays(7),
            "Beyond the kept ones, snapshots older than this are deleted.");
    public static final Setting<Duration> SNAPSHOT_TIMEOUT = declare("snapshot.timeout",
            DurationType.between(MILLISECOND, YEAR), Duration.ofMinutes(30),
            "Wall-clock limit for pg_dump; it is stopped when it runs longer.");
    public static final Setting<@Nullable Path> SNAPSHOT_PG_DUMP_PATH = declare("snapshot.pg-dump-path",
            ValueTypes.optionalPath("a path to pg_dump, or empty to find it on the PATH"), null,
            "The pg_dump binary, with pg_restore and psql beside it; when unset, found on the PATH.");
    public static final Setting<SnapshotVerify> SNAPSHOT_VERIFY = declare("snapshot.verify",
            ValueTypes.choice(SnapshotVerify.class, SnapshotVerify.LIST, SnapshotVerify.FULL), SnapshotVerify.LIST,
            "How a snapshot is verified: list reads its table of contents, full reads the whole archive.");
    public static final Setting<SnapshotStorage> SNAPSHOT_STORAGE = declare("snapshot.storage",
            ValueTypes.choice(SnapshotStorage.class, SnapshotStorage.LOCAL, SnapshotStorage.S3), SnapshotStorage.LOCAL,
            "Where snapshots are kept: local (snapshot.directory) or s3 (object storage, module lockstep-snapshot-s3).");
    public static final Setting<@Nullable String> SNAPSHOT_S3_BUCKET = declare("snapshot.s3.bucket",
            ObjectStorageSettings.bucket(), null, "The bucket snapshots go to with snapshot.storage=s3; it must exist.");
    public static final Setting<String> SNAPSHOT_S3_PREFIX = declare("snapshot.s3.prefix",
            ObjectStorageSettings.prefix(), ObjectStorageSettings.DEFAULT_PREFIX,
            "The start of every object key; <database> stands for the database's name as snapshot ids write it.");
    public static final Setting<@Nullable String> SNAPSHOT_S3_REGION = declare("snapshot.s3.region",
            ObjectStorageSettings.region(), null,
            "The bucket's region; when unset, the AWS SDK's default (AWS_REGION, the profile, the instance).");
    public static final Setting<@Nullable String> SNAPSHOT_S3_ENDPOINT = declare("snapshot.s3.endpoint",
            ObjectStorageSettings.endpoint(), null,
            "The S3 endpoint of another store (MinIO, Ceph, R2, ...); when unset, AWS S3's for the region.");
    public static final Setting<Boolean> SNAPSHOT_S3_PATH_STYLE = declare("snapshot.s3.path-style",
            ValueTypes.bool(), false, "Address the bucket in the path (endpoint/bucket/key), as MinIO and Ceph expect.");
    public static final Setting<@Nullable String> SNAPSHOT_S3_SSE = declare("snapshot.s3.sse",
            ObjectStorageSettings.encryption(), null,
            "Server-side encryption asked for each object; when unset, the bucket's default encryption applies.");
    public static final Setting<@Nullable String> SNAPSHOT_S3_SSE_KMS_KEY_ID = declare("snapshot.s3.sse-kms-key-id",
            ObjectStorageSettings.kmsKeyId(), null,
            "The KMS key for snapshot.s3.sse=aws:kms or aws:kms:dsse; when unset, the account's default key.");
    public static final Setting<OnFailure> ON_FAILURE = declare("on-failure",
            ValueTypes.choice(OnFailure.class, OnFailure.FAIL, OnFailure.RESTORE), OnFailure.FAIL,
            "After a failed migration: fail, or restore the snapshot when the migration left changes behind.");
    public static final Setting<LintPolicy> LINT_POLICY = declare("lint.policy",
            ValueTypes.choice(LintPolicy.class, LintPolicy.OFF, LintPolicy.WARN, LintPolicy.FAIL), LintPolicy.WARN,
            "What the startup run does with lint findings: warn logs and records them, fail also refuses to migrate"
                    + " on an unsuppressed ERROR, off skips the lint.");
    public static final Setting<Boolean> LINT_TRACE = declare("lint.trace", ValueTypes.bool(), false,
            "Whether the startup run also traces the pending migrations on a scratch copy of the schema (needs"
                    + " CREATEDB).");
    public static final Setting<Long> LINT_LARGE_TABLE_ROWS = declare("lint.large-table-rows",
            ValueTypes.wholeLong(0, Long.MAX_VALUE), 100_000L,
            "Rows (the target's estimate) from which a finding whose danger grows with the table is an ERROR;"
                    + " below, it is INFO.");
    public static final Setting<Map<String, RuleLevel>> LINT_RULES = declare("lint.rules",
            ValueTypes.choicePerMember(Rule.ids(), "rule-id", RuleLevel.class, RuleLevel.OFF, RuleLevel.WARN,
                    RuleLevel.ERROR), Map.of(),
            "A rule's findings off, or always at this severity, whatever the table's size.");

    private static final List<Setting<?>> ALL = List.copyOf(DECLARED);
    private static final Map<String, Setting<?>> BY_KEY = index(Setting::key);
    private static final Map<String, Setting<?>> BY_ENVIRONMENT_NAME = index(Setting::environmentName);

    private final Map<Setting<?>, @Nullable Object> values;

    private LockstepSettings(Map<Setting<?>, @Nullable Object> values) {
        this.values = Collections.unmodifiableMap(values);
        if (get(ON_FAILURE) == OnFailure.RESTORE && !get(SNAPSHOT_ENABLED)) {
            throw ON_FAILURE.invalid("restore",
                    "restoring needs a snapshot; set snapshot.enabled=true or on-failure=fail");
        }
        if (get(SNAPSHOT_STORAGE) == SnapshotStorage.S3 && get(SNAPSHOT_S3_BUCKET) == null && get(SNAPSHOT_ENABLED)) {
            throw SNAPSHOT_S3_BUCKET.invalid("", "snapshot.storage=s3 needs the bucket to keep snapshots in; set"
                    + " snapshot.s3.bucket, or snapshot.storage=local");
        }
        String kmsKey = get(SNAPSHOT_S3_SSE_KMS_KEY_ID);
        if (kmsKey != null && !ObjectStorageSettings.usesKms(get(SNAPSHOT_S3_SSE))) {
            throw SNAPSHOT_S3_SSE_KMS_KEY_ID.invalid(kmsKey, "a KMS key needs snapshot.s3.sse=aws:kms or aws:kms:dsse"
                    + " (now " + (get(SNAPSHOT_S3_SSE) == null ? "unset" : get(SNAPSHOT_S3_SSE)) + ")");
        }
    }

    /** Every setting, in the order of the docs. */
    public static List<Setting<?>> all() {
        return ALL;
    }

    /** Every key ({@code lock.timeout}, ...), in the order of the docs; adapters test that they map each one. */
    public static List<String> keys() {
        return List.copyOf(BY_KEY.keySet());
    }

    /** The defaults of every setting. */
    public static LockstepSettings defaults() {
        return builder().build();
    }

    /** Starts from the defaults; set what differs, then {@link Builder#build()} reads and checks everything. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Settings from {@code LOCKSTEP_*} environment variables over the defaults ({@code LOCKSTEP_LOCK_TIMEOUT=5m},
     * {@code LOCKSTEP_MIGRATION_LOCK_TIMEOUT=2s}), validated at once. Other variables are ignored; a
     * {@code LOCKSTEP_*} variable that names no setting is logged once as a warning that names the closest one, unless
     * it is one of the {@link #reservedEnvironmentVariables() reserved names} Lockstep's tools read themselves.
     *
     * @throws InvalidSettingException naming the setting, when a value cannot be used
     */
    public static LockstepSettings fromEnvironment(Map<String, String> environment) {
        Builder builder = builder();
        new TreeMap<>(environment).forEach((name, value) -> {
            if (name.startsWith(EnvironmentVariables.PREFIX)) {
                Setting<?> setting = BY_ENVIRONMENT_NAME.get(name);
                Setting<?> map = setting != null ? null : mapOfMemberVariable(name);
                if (setting != null) {
                    builder.set(setting.key(), value);
                } else if (map != null) {
                    builder.set(map.memberKey(name.substring(map.environmentName().length() + 1)), value);
                } else {
                    EnvironmentVariables.warnUnknown(name, BY_KEY.keySet());
                }
            }
        });
        return builder.build();
    }

    /** The map setting whose member {@code LOCKSTEP_LINT_RULES_DROP_COLUMN} names, or null. */
    private static @Nullable Setting<?> mapOfMemberVariable(String name) {
        return ALL.stream().filter(setting -> !setting.members().isEmpty()
                && name.startsWith(setting.environmentName() + "_")).findFirst().orElse(null);
    }

    /**
     * The {@code LOCKSTEP_*} variables that are no settings but belong to Lockstep's own tools, so that
     * {@link #fromEnvironment} ignores them without a warning: {@code LOCKSTEP_URL}, {@code LOCKSTEP_USER} and
     * {@code LOCKSTEP_PASSWORD} (the CLI's connection), {@code LOCKSTEP_TEST_JDBC_URL}, {@code LOCKSTEP_TEST_USER} and
     * {@code LOCKSTEP_TEST_PASSWORD} (the test fixture's server). No setting ever takes one of these names.
     */
    public static Set<String> reservedEnvironmentVariables() {
        return EnvironmentVariables.RESERVED;
    }

    /** The value of one setting: {@code settings.get(LockstepSettings.LOCK_TIMEOUT)}. */
    @SuppressWarnings("unchecked")
    public <T extends @Nullable Object> T get(Setting<T> setting) {
        return (T) values.get(requireNonNull(setting, "setting"));
    }

    /** A copy to change: {@code settings.toBuilder().set(MODE, Mode.VALIDATE).build()}. */
    public Builder toBuilder() {
        Builder builder = builder();
        values.forEach((setting, value) -> builder.given.put(setting, new Given(value, null)));
        return builder;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof LockstepSettings settings && values.equals(settings.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** Every setting as {@code key=value}, as a user would write it. */
    @Override
    public String toString() {
        return ALL.stream().map(setting -> setting.key() + "=" + formatted(setting))
                .collect(Collectors.joining(", ", "LockstepSettings[", "]"));
    }

    private <T extends @Nullable Object> String formatted(Setting<T> setting) {
        return setting.format(get(setting));
    }

    private static <T extends @Nullable Object> Setting<T> declare(String key, ValueType<T> type, T defaultValue,
            String doc) {
        Setting<T> setting = new Setting<>(key, type, defaultValue, doc);
        DECLARED.add(setting);
        return setting;
    }

    private static Map<String, Setting<?>> index(Function<Setting<?>, String> name) {
        Map<String, Setting<?>> index = new LinkedHashMap<>();
        ALL.forEach(setting -> index.put(name.apply(setting), setting));
        return Collections.unmodifiableMap(index);
    }

    /** A value as it was given: typed, or as text to be parsed by {@link Builder#build()}. */
    private record Given(@Nullable Object value, @Nullable String text) {}

    /**
     * Collects settings, typed or as text by their keys; {@link #build()} reads and validates them all, so that an
     * unknown key or a bad value fails there, naming the key.
     */
    public static final class Builder {
        private final Map<Setting<?>, Given> given = new HashMap<>();
        private final Map<Setting<?>, Map<String, String>> members = new HashMap<>();
        private final Map<String, String> unknown = new LinkedHashMap<>();

        private Builder() {}

        /** Sets one setting: {@code set(LockstepSettings.LOCK_TIMEOUT, Duration.ofMinutes(5))}. */
        public <T extends @Nullable Object> Builder set(Setting<T> setting, T value) {
            given.put(requireNonNull(setting, "setting"), new Given(value, null));
            return this;
        }

        /**
         * Sets one setting by its key from text: {@code set("lock.timeout", "5m")}. The empty text unsets a setting
         * that may be unset ({@code lock.key}). A member of a map setting has a key of its own:
         * {@code set("lint.rules.drop-column", "off")}; it is applied over the map's whole value, if one is given.
         */
        public Builder set(String key, String text) {
            requireNonNull(text, () -> "the value of " + key);
            Setting<?> setting = BY_KEY.get(key);
            Setting<?> map = setting != null ? null : mapOf(key);
            if (setting != null) {
                given.put(setting, new Given(null, text));
            } else if (map != null) {
                members.computeIfAbsent(map, any -> new LinkedHashMap<>())
                        .put(Setting.memberName(key.substring(map.key().length() + 1)), text);
            } else {
                unknown.put(key, text);
            }
            return this;
        }

        private static @Nullable Setting<?> mapOf(String key) {
            return ALL.stream().filter(setting -> !setting.members().isEmpty() && key.startsWith(setting.key() + "."))
                    .findFirst().orElse(null);
        }

        /** Sets every entry of a map of keys to text: {@code Map.of("lock.timeout", "5m", "mode", "validate")}. */
        public Builder properties(Map<String, String> values) {
            values.forEach(this::set);
            return this;
        }

        /**
         * Reads and validates every setting.
         *
         * @throws InvalidSettingException naming the key, for an unknown key, a value that cannot be read, a value out
         *     of its range, or settings that contradict each other
         */
        public LockstepSettings build() {
            unknown.forEach((key, text) -> {
                throw new InvalidSettingException(key, text, "Unknown Lockstep setting '" + key + "'; did you mean "
                        + Spelling.closest(key, BY_KEY.keySet()) + "? Known settings: "
                        + String.join(", ", BY_KEY.keySet()) + ".");
            });
            Map<Setting<?>, @Nullable Object> values = new LinkedHashMap<>();
            ALL.forEach(setting -> values.put(setting, resolve(setting)));
            return new LockstepSettings(values);
        }

        @SuppressWarnings("unchecked")
        private <T extends @Nullable Object> T resolve(Setting<T> setting) {
            Given value = given.get(setting);
            T resolved = value == null ? setting.defaultValue()
                    : value.text() != null ? setting.parse(value.text()) : setting.check((T) value.value());
            for (Map.Entry<String, String> member : members.getOrDefault(setting, Map.of()).entrySet()) {
                resolved = setting.withMember(resolved, member.getKey(), member.getValue());
            }
            return resolved;
        }
    }
}
