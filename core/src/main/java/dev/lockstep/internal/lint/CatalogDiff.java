package dev.lockstep.internal.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What one migration changed in the catalog, on the tables of the target (those there before the first pending
 * migration), and what each change costs on a table with rows: a new file is a rewrite; an index built inside a
 * transaction blocked writes; a constraint validated when added scanned the table under its lock; NOT NULL set
 * without a validated CHECK scanned it under ACCESS EXCLUSIVE.
 */
final class CatalogDiff {
    private final CatalogState baseline;
    private final CatalogState before;
    private final CatalogState after;
    private final boolean transactional;
    private final Function<CatalogState.Relation, Name> names;

    CatalogDiff(CatalogState baseline, CatalogState before, CatalogState after, boolean transactional,
            Function<CatalogState.Relation, Name> names) {
        this.baseline = baseline;
        this.before = before;
        this.after = after;
        this.transactional = transactional;
        this.names = names;
    }

    /** Target tables (and materialized views) whose file changed. */
    List<Name> rewrites() {
        List<Name> rewritten = new ArrayList<>();
        after.relations().forEach((oid, now) -> {
            CatalogState.Relation was = before.relations().get(oid);
            if (isTargetTable(oid) && now.kind() != 'p' && was != null && was.file() != 0 && was.file() != now.file()) {
                rewritten.add(names.apply(now));
            }
        });
        return rewritten;
    }

    List<RawFinding> findings() {
        List<RawFinding> findings = new ArrayList<>();
        for (Name table : rewrites()) {
            findings.add(RawFinding.of(Rule.REWRITE_UNDER_EXCLUSIVE_LOCK, table, 0, table + " was rewritten (the trace"
                    + " saw its file replaced) under ACCESS EXCLUSIVE: reads and writes wait for the whole rewrite"));
        }
        if (transactional) {
            newIndexes(findings);
        }
        validatedConstraints(findings);
        notNullSet(findings);
        return findings;
    }

    private void newIndexes(List<RawFinding> findings) {
        after.indexes().forEach((index, table) -> {
            if (!before.indexes().containsKey(index) && isTargetTable(table)) {
                Name name = names.apply(after.relations().get(table));
                CatalogState.Relation built = after.relations().get(index);
                findings.add(RawFinding.of(Rule.INDEX_WITHOUT_CONCURRENTLY, name, 0, "index "
                        + (built == null ? "" : built.name() + " ") + "was built on " + name + " inside the"
                        + " migration's transaction, blocking writes to " + name + " until it was built"));
            }
        });
    }

    /** Added and validated at once, unless it covers only columns the same migration added (they are all null). */
    private void validatedConstraints(List<RawFinding> findings) {
        after.constraints().forEach((oid, constraint) -> {
            if (before.constraints().containsKey(oid) || !constraint.validated()
                    || !isTargetTable(constraint.table())) {
                return;
            }
            boolean onlyNewColumns = !constraint.columns().isEmpty() && constraint.columns().stream()
                    .noneMatch(number -> before.columns().containsKey(CatalogState.key(constraint.table(), number)));
            if (!onlyNewColumns) {
                Name table = names.apply(after.relations().get(constraint.table()));
                findings.add(RawFinding.of(Rule.CONSTRAINT_WITHOUT_NOT_VALID, table, 0, (constraint.type() == 'f'
                        ? "foreign key " : "check constraint ") + constraint.name() + " was validated on " + table
                        + " in the transaction that added it: every row was checked under its lock"));
            }
        });
    }

    private void notNullSet(List<RawFinding> findings) {
        for (Map.Entry<String, CatalogState.Column> entry : after.columns().entrySet()) {
            CatalogState.Column now = entry.getValue();
            CatalogState.Column was = before.columns().get(entry.getKey());
            boolean proven = before.notNullProven(now.table(), now.name())
                    || after.notNullProven(now.table(), now.name());
            if (was != null && now.notNull() && !was.notNull() && isTargetTable(now.table()) && !proven) {
                Name table = names.apply(after.relations().get(now.table()));
                findings.add(RawFinding.of(Rule.SET_NOT_NULL_WITHOUT_CHECK, table, 0, table + "." + now.name()
                        + " became NOT NULL without a validated CHECK (" + now.name() + " IS NOT NULL): the whole"
                        + " table was scanned under ACCESS EXCLUSIVE"));
            }
        }
    }

    /** A table, partitioned table or materialized view the target has: present before the first pending migration. */
    private boolean isTargetTable(long oid) {
        CatalogState.Relation relation = baseline.relations().get(oid);
        return relation != null && relation.kind() != 'i' && after.relations().containsKey(oid);
    }
}
