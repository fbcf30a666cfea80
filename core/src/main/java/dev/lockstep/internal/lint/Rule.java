package dev.lockstep.internal.lint;

import dev.lockstep.Severity;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The lint rules: each with its id (what {@code lint.rules.<id>} and {@code -- lockstep:allow <id>} name), the
 * severity of a finding when the table's size is unknown, whether the danger grows with the table (then the target's
 * size rates it), a one-line explanation and the safe alternative. docs/plan.md shows each with examples.
 */
public enum Rule {
    INDEX_WITHOUT_CONCURRENTLY("index-without-concurrently", Severity.WARN, true,
            "building an index without CONCURRENTLY blocks writes to the table until the build ends",
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS in a migration of its own (it runs outside a transaction); for a"
                    + " key, build the unique index that way, then ADD CONSTRAINT ... USING INDEX"),
    CONCURRENTLY_IN_TRANSACTION("concurrently-in-transaction", Severity.ERROR, false,
            "CONCURRENTLY cannot run in a transaction, and outside one the other statements of its migration are not"
                    + " undone when it fails",
            "put the CONCURRENTLY statement alone in a migration of its own"),
    VOLATILE_DEFAULT("volatile-default", Severity.WARN, true,
            "a column added with a volatile default (random(), clock_timestamp(), a sequence, a stored generated"
                    + " column) rewrites the table under ACCESS EXCLUSIVE",
            "add the column without a default, set the default in a later statement, and fill existing rows in"
                    + " batches"),
    SET_NOT_NULL_WITHOUT_CHECK("set-not-null-without-check", Severity.WARN, true,
            "SET NOT NULL scans the whole table under ACCESS EXCLUSIVE unless a validated CHECK (col IS NOT NULL)"
                    + " already proves it",
            "ADD CONSTRAINT ... CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later migration, then"
                    + " SET NOT NULL (no scan) and drop the check"),
    CONSTRAINT_WITHOUT_NOT_VALID("constraint-without-not-valid", Severity.WARN, true,
            "adding a foreign key or check constraint validates every row while holding a lock that blocks writes",
            "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a later migration (it lets writes through)"),
    REWRITE_UNDER_EXCLUSIVE_LOCK("rewrite-under-exclusive-lock", Severity.WARN, true,
            "the table is rewritten under ACCESS EXCLUSIVE: reads and writes wait for the whole rewrite",
            "add a new column, backfill it in batches, switch the application to it in a later release"),
    DROP_COLUMN("drop-column", Severity.WARN, false,
            "the running version of the application may still read or write the column",
            "expand and contract: stop using the column in one release, drop it in a later one and say so with"
                    + " -- lockstep:allow drop-column <reason>"),
    DROP_TABLE("drop-table", Severity.WARN, false,
            "the running version of the application may still use the table",
            "expand and contract: stop using the table in one release, drop it in a later one and say so with"
                    + " -- lockstep:allow drop-table <reason>"),
    RENAME_COLUMN("rename-column", Severity.WARN, false,
            "the running version of the application still uses the old name",
            "add the new column, write both, backfill, switch reads, then drop the old column in a later release"),
    RENAME_TABLE("rename-table", Severity.WARN, false,
            "the running version of the application still uses the old name",
            "create the new table (or a view under the new name), move the application over, then drop the old"
                    + " name in a later release"),
    VACUUM_FULL("vacuum-full", Severity.WARN, true,
            "VACUUM FULL rewrites the table under ACCESS EXCLUSIVE",
            "plain VACUUM, or pg_repack outside the migration"),
    CLUSTER("cluster", Severity.WARN, true,
            "CLUSTER rewrites the table under ACCESS EXCLUSIVE",
            "pg_repack outside the migration, or an index that serves the query"),
    LOCK_TABLE("lock-table", Severity.WARN, false,
            "an explicit LOCK TABLE holds the lock until the migration commits",
            "let each statement take the lock it needs, and keep the migration short"),
    REINDEX_WITHOUT_CONCURRENTLY("reindex-without-concurrently", Severity.WARN, true,
            "REINDEX without CONCURRENTLY blocks writes to the table (and reads through the index) while it rebuilds",
            "REINDEX ... CONCURRENTLY in a migration of its own (it runs outside a transaction)"),
    WHOLE_TABLE_WRITE_WITH_DDL("whole-table-write-with-ddl", Severity.WARN, true,
            "an UPDATE or DELETE of the whole table in the same transaction as DDL on it holds the DDL's lock, or"
                    + " every row's lock, for as long as the write takes",
            "change the schema in one migration; backfill in batches (WHERE id BETWEEN ...) in later ones"),
    LOCK_TIMEOUT_ZERO("lock-timeout-zero", Severity.ERROR, false,
            "a lock_timeout of 0 (no limit) lets the migration queue behind a long transaction while every query on"
                    + " the table queues behind the migration",
            "leave lock_timeout to Lockstep (migration.lock-timeout), or set a short one: SET LOCAL lock_timeout ="
                    + " '5s'");

    private final String id;
    private final Severity unrated;
    private final boolean sizeRated;
    private final String explanation;
    private final String safeAlternative;

    Rule(String id, Severity unrated, boolean sizeRated, String explanation, String safeAlternative) {
        this.id = id;
        this.unrated = unrated;
        this.sizeRated = sizeRated;
        this.explanation = explanation;
        this.safeAlternative = safeAlternative;
    }

    /** Every rule id, in the order of the docs. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Rule::id).toList();
    }

    public static Optional<Rule> byId(String id) {
        return Arrays.stream(values()).filter(rule -> rule.id.equals(id)).findFirst();
    }

    public String id() {
        return id;
    }

    /** The severity of a finding whose table size is not known, or of a rule that size does not change. */
    public Severity unrated() {
        return unrated;
    }

    /** Whether the danger grows with the table: ERROR from {@code lint.large-table-rows} up, INFO below. */
    public boolean sizeRated() {
        return sizeRated;
    }

    public String explanation() {
        return explanation;
    }

    public String safeAlternative() {
        return safeAlternative;
    }
}
