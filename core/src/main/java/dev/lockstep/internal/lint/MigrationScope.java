package dev.lockstep.internal.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * What the rules learn while reading one migration: its findings, the tables its DDL touches, its writes to whole
 * tables, its CONCURRENTLY statements, the constraints it adds NOT VALID. Some rules judge only once the whole
 * migration has been read.
 */
final class MigrationScope {

    /** An UPDATE or DELETE of a whole table. */
    record Write(Name table, int line, String what) {}

    /** A CONCURRENTLY statement, with the table it works on when it names one. */
    record Concurrent(SqlStatement statement, Name table, String what) {}

    /** A constraint this migration adds NOT VALID. */
    record NotValid(Name table, String constraint) {}

    final int index;
    final boolean transactional;
    final PendingSet pending;
    final TargetFacts facts;
    final List<RawFinding> findings = new ArrayList<>();
    final List<Name> ddl = new ArrayList<>();
    final List<Write> wholeWrites = new ArrayList<>();
    final List<Concurrent> concurrent = new ArrayList<>();
    final List<NotValid> notValid = new ArrayList<>();

    MigrationScope(int index, boolean transactional, PendingSet pending, TargetFacts facts) {
        this.index = index;
        this.transactional = transactional;
        this.pending = pending;
        this.facts = facts;
    }

    /** Whether the table exists before this statement: not created by a pending migration; asked of the target too. */
    boolean existing(Name table) {
        facts.size(table); // a recording pass learns which tables to read
        return pending.existing(table);
    }

    void add(RawFinding finding) {
        findings.add(finding);
    }

    void ddlOn(Name table) {
        ddl.add(table);
    }
}
