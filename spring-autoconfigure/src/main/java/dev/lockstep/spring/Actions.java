package dev.lockstep.spring;

import dev.lockstep.ErrorCode;
import dev.lockstep.LockstepException;

/** The failure analyzers' texts: the core's message, and what to change in a Spring Boot application. */
final class Actions {
    private Actions() {}

    static String describe(LockstepException failure) {
        return "Lockstep stopped the startup migration (" + failure.code() + "): " + failure.getMessage();
    }

    static String forCode(ErrorCode code) {
        return switch (code) {
            case INVALID_CONFIGURATION -> "Fix the setting the message names. In Spring Boot each setting is a"
                    + " lockstep.* property: lock.timeout is lockstep.lock.timeout, snapshot.keep is"
                    + " lockstep.snapshot.keep (see docs/spring-boot.md for every key and its default).";
            case LOCK_TIMEOUT -> "Another instance held the migration lock for longer than lockstep.lock.timeout."
                    + " If its run is legitimately long, raise lockstep.lock.timeout (or use"
                    + " lockstep.startup=background so that probes do not restart the instance meanwhile); if it is"
                    + " stuck, end it with SELECT pg_terminate_backend(pid) using the pid in the message.";
            case LOCK_NOT_HELD -> "Point spring.datasource.url (or spring.flyway.url) at PostgreSQL directly or at a"
                    + " pooler in session mode; a transaction-pooling PgBouncer cannot hold a session lock.";
            case LOCK_LOST -> "The connection holding the migration lock was lost; check the network and the"
                    + " database's idle_session_timeout, then restart. Nothing after the last applied migration ran.";
            case MIGRATION_FAILED -> "Fix the migration named in the message (its SQLSTATE says why it failed) and"
                    + " deploy again; the message says whether its changes were rolled back.";
            case MIGRATION_LOCK_TIMEOUT -> "A long transaction kept the table the migration alters locked. End it"
                    + " (pg_stat_activity ordered by xact_start), or raise lockstep.migration.lock-retry-budget or"
                    + " lockstep.migration.lock-timeout.";
            case SNAPSHOT_FAILED, SNAPSHOT_INVALID, SNAPSHOT_NOT_FOUND -> "Fix the snapshot as the message says"
                    + " (install a pg_dump at least as new as the server, or set lockstep.snapshot.pg-dump-path;"
                    + " make lockstep.snapshot.directory writable), or let the run continue without one with"
                    + " lockstep.snapshot.required=false, or turn snapshots off with lockstep.snapshot.enabled=false.";
            case UNSUPPORTED_DATABASE -> "Lockstep runs on PostgreSQL only. The starter steps aside by itself for"
                    + " another database; this run was started by code of your own (a FlywayMigrationStrategy or a"
                    + " Lockstep bean): call it only when LockstepStartup.steppedAside() is empty, point"
                    + " spring.datasource.url (or spring.flyway.url) at PostgreSQL, or set lockstep.enabled=false.";
            case CONNECTION_FAILED -> "Check spring.datasource.url (or spring.flyway.url) and that the database"
                    + " accepts connections; raise lockstep.connect-timeout when the database starts slowly.";
            case AUTHENTICATION_FAILED -> "Fix spring.datasource.username and spring.datasource.password (or"
                    + " spring.flyway.user and spring.flyway.password).";
            case INSUFFICIENT_PRIVILEGE -> "Grant the privilege the message names to the user in"
                    + " spring.datasource.username (or spring.flyway.user), or migrate as the schema's owner.";
            case DATABASE_READ_ONLY -> "Point spring.datasource.url (or spring.flyway.url) at the primary, or turn"
                    + " default_transaction_read_only off for the migrating user; replicas that must not write can run"
                    + " with lockstep.mode=validate.";
            case INVALID_MIGRATIONS -> "Fix the migrations or spring.flyway.locations as the message says (each"
                    + " version once, no applied migration deleted), then deploy again.";
            case PENDING_MIGRATIONS -> "lockstep.mode=validate never migrates: let an instance with"
                    + " lockstep.mode=migrate (or a migration job) apply the pending migrations first.";
            case CHECKSUM_MISMATCH -> "Restore the applied migration file to what was applied, or run flyway repair"
                    + " if the change was intended.";
            case FAILED_MIGRATION_IN_HISTORY -> "Undo what the failed migration left behind, run flyway repair, and"
                    + " fix the migration.";
            case WAIT_TIMEOUT -> "lockstep.mode=wait waited longer than lockstep.lock.timeout for the schema to reach"
                    + " this application's version: deploy the service that owns the schema first, or raise"
                    + " lockstep.lock.timeout.";
            case RESTORE_FAILED -> "Follow the restore runbook (docs/runbook-restore.md) from the state the message"
                    + " describes.";
            case DATABASE_ERROR -> "Check the database's logs for the error in the message, then restart.";
        };
    }
}
