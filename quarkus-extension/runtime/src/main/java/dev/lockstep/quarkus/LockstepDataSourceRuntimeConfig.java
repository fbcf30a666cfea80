package dev.lockstep.quarkus;

import io.quarkus.runtime.annotations.ConfigGroup;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Lockstep's settings for one datasource. Values are text in the form every Lockstep adapter reads (durations such
 * as {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 7d}); Lockstep validates them at startup and names
 * the property of a bad value. The defaults are the core's ({@code dev.lockstep.LockstepSettings.DEFAULT_*}).
 */
@ConfigGroup
public interface LockstepDataSourceRuntimeConfig {

    /**
     * Whether Lockstep runs at startup for this datasource ({@code true} or {@code false}).
     */
    @WithDefault("true")
    String enabled();

    /**
     * {@code migrate} applies pending migrations; {@code validate} never writes and fails startup on pending
     * migrations or a checksum mismatch; {@code wait} never migrates and waits until another service has migrated
     * the schema to this application's target; {@code off} does nothing.
     */
    @WithDefault("migrate")
    String mode();

    /**
     * How long to retry the first connection, for a database that starts after the service.
     */
    @WithDefault("60s")
    String connectTimeout();

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
    @WithDefault("fail")
    String onFailure();

    /**
     * How the schema's state maps onto health.
     */
    Health health();

    /** The advisory lock. */
    interface Lock {
        /**
         * How long to wait for another instance's run before startup fails.
         */
        @WithDefault("10m")
        String timeout();

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
        @WithDefault("5s")
        String lockTimeout();

        /**
         * PostgreSQL {@code statement_timeout} for the migration session; {@code 0s} means none.
         */
        @WithDefault("0s")
        String statementTimeout();

        /**
         * How long to keep retrying a migration that timed out waiting for a table lock; {@code 0s} means no retry.
         */
        @WithDefault("10m")
        String lockRetryBudget();
    }

    /** Snapshots. */
    interface Snapshot {
        /**
         * Whether to take a snapshot before applying migrations.
         */
        @WithDefault("true")
        String enabled();

        /**
         * Where snapshots go; mount a volume here in containers.
         */
        @WithDefault("lockstep-snapshots")
        String directory();

        /**
         * Whether a failed snapshot stops the run before any migration.
         */
        @WithDefault("true")
        String required();

        /**
         * How many verified snapshots retention always keeps.
         */
        @WithDefault("5")
        String keep();

        /**
         * Beyond the kept ones, snapshots older than this are deleted.
         */
        @WithDefault("7d")
        String maxAge();

        /**
         * Wall-clock limit for pg_dump.
         */
        @WithDefault("30m")
        String timeout();

        /**
         * The pg_dump binary (pg_restore and psql are expected beside it); found on the PATH when not set.
         */
        Optional<String> pgDumpPath();

        /**
         * {@code list} reads the archive's table of contents after pg_dump; {@code full} reads the whole archive.
         */
        @WithDefault("list")
        String verify();
    }

    /** Health. */
    interface Health {
        /**
         * The health of a schema newer than the application (an application rolled back onto a newer schema):
         * {@code up} or {@code down}.
         */
        @WithDefault("up")
        String aheadOfApp();
    }
}
