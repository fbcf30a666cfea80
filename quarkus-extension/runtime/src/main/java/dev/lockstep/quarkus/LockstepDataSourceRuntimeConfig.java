package dev.lockstep.quarkus;

import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigGroup;
import java.util.Map;
import java.util.Optional;

/**
 * Lockstep's settings for one datasource: one method for each key of {@code dev.lockstep.LockstepSettings}, a nested
 * group for each dotted segment, so that Quarkus knows every property (no "Unrecognized configuration key" warning)
 * and maps {@code QUARKUS_LOCKSTEP_*} environment variables onto them. The values are text in the form every Lockstep
 * adapter reads (durations such as {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 7d}); the core reads
 * and validates them at startup, and supplies the default of every property left unset (docs/configuration.md).
 * {@code ConfiguredSettings} finds the methods by their names, so a new setting needs only its method here; a map
 * setting ({@code lint.rules}) is a {@code Map} whose keys are its members.
 */
@ConfigGroup
public interface LockstepDataSourceRuntimeConfig {

    /**
     * Whether Lockstep runs at startup for this datasource ({@code true} or {@code false}).
     */
    Optional<String> enabled();

    /**
     * {@code migrate} applies pending migrations; {@code validate} never writes and fails startup on pending
     * migrations or a checksum mismatch; {@code wait} never migrates and waits until another service has migrated
     * the schema to this application's target; {@code off} does nothing.
     */
    Optional<String> mode();

    /**
     * How long to retry the first connection, for a database that starts after the service.
     */
    Optional<String> connectTimeout();

    /**
     * The advisory lock that lets one instance migrate while the others wait.
     */
    Lock lock();

    /**
     * Limits on the session that applies migrations.
     */
    Migration migration();

    /**
     * The pg_dump snapshot taken before pending migrations are applied.
     */
    Snapshot snapshot();

    /**
     * What to do when a migration fails: {@code fail} (startup stops) or {@code restore} (restore the snapshot when
     * the failed migration left changes behind).
     */
    Optional<String> onFailure();

    /**
     * How the schema's state maps onto health.
     */
    Health health();

    /**
     * The lint of pending migrations before they run.
     */
    Lint lint();

    /** The advisory lock. */
    interface Lock {
        /**
         * How long to wait for another instance's run before startup fails.
         */
        Optional<String> timeout();

        /**
         * The advisory lock key (a 64-bit number); derived from database, schema and history table when not set.
         */
        Optional<String> key();
    }

    /** The migration session. */
    interface Migration {
        /**
         * PostgreSQL {@code lock_timeout} for the migration session.
         */
        Optional<String> lockTimeout();

        /**
         * PostgreSQL {@code statement_timeout} for the migration session; {@code 0s} means none.
         */
        Optional<String> statementTimeout();

        /**
         * How long to keep retrying a migration that timed out waiting for a table lock; {@code 0s} means no retry.
         */
        Optional<String> lockRetryBudget();
    }

    /** Snapshots. */
    interface Snapshot {
        /**
         * Whether to take a snapshot before applying migrations.
         */
        Optional<String> enabled();

        /**
         * Where snapshots go; mount a volume here in containers.
         */
        Optional<String> directory();

        /**
         * Whether a failed snapshot stops the run before any migration.
         */
        Optional<String> required();

        /**
         * How many verified snapshots retention always keeps.
         */
        Optional<String> keep();

        /**
         * Beyond the kept ones, snapshots older than this are deleted.
         */
        Optional<String> maxAge();

        /**
         * Wall-clock limit for pg_dump.
         */
        Optional<String> timeout();

        /**
         * The pg_dump binary (pg_restore and psql are expected beside it); found on the PATH when not set.
         */
        Optional<String> pgDumpPath();

        /**
         * {@code list} reads the archive's table of contents after pg_dump; {@code full} reads the whole archive.
         */
        Optional<String> verify();

        /**
         * Where snapshots are kept: {@code local} ({@code directory}) or {@code s3} (object storage; needs the
         * dependency {@code dev.lockstep:lockstep-snapshot-s3}).
         */
        Optional<String> storage();

        /**
         * Object storage, with {@code storage=s3}. Credentials come from the AWS SDK's default chain only.
         */
        S3 s3();
    }

    /** Snapshots in S3-compatible object storage. */
    interface S3 {
        /**
         * The bucket snapshots go to; it must exist.
         */
        Optional<String> bucket();

        /**
         * The start of every object key; {@code <database>} stands for the database's name.
         */
        Optional<String> prefix();

        /**
         * The bucket's region; when unset, the AWS SDK's default.
         */
        Optional<String> region();

        /**
         * The endpoint of another S3-compatible store (MinIO, Ceph, R2, ...).
         */
        Optional<String> endpoint();

        /**
         * Address the bucket in the path, as MinIO and Ceph expect.
         */
        Optional<String> pathStyle();

        /**
         * Server-side encryption asked for each object: {@code AES256}, {@code aws:kms} or {@code aws:kms:dsse}.
         */
        Optional<String> sse();

        /**
         * The KMS key for {@code sse=aws:kms} or {@code aws:kms:dsse}.
         */
        Optional<String> sseKmsKeyId();
    }

    /** The lint (docs/plan.md). */
    interface Lint {
        /**
         * What the startup run does with lint findings: {@code warn} logs and records them, {@code fail} also refuses
         * to migrate on an unsuppressed ERROR, {@code off} skips the lint.
         */
        Optional<String> policy();

        /**
         * Whether the startup run also traces the pending migrations on a scratch copy of the schema (needs
         * CREATEDB).
         */
        Optional<String> trace();

        /**
         * Rows (the target's estimate) from which a finding whose danger grows with the table is an ERROR.
         */
        Optional<String> largeTableRows();

        /**
         * A rule's findings {@code off}, or always {@code warn} or {@code error}, by rule id:
         * {@code quarkus.lockstep.lint.rules."drop-column"=off}.
         */
        @ConfigDocMapKey("rule-id")
        Map<String, String> rules();
    }

    /** Health. */
    interface Health {
        /**
         * The health of a schema newer than the application (an application rolled back onto a newer schema):
         * {@code up} or {@code down}.
         */
        Optional<String> aheadOfApp();
    }
}
