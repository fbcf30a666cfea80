package dev.lockstep.internal.lint;

import dev.lockstep.internal.config.Spelling;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules on the SQL text of the pending migrations, in the order Flyway applies them, so that a table created by
 * one is known to be new for the next. Java migrations are not analysable here; the trace runs them.
 */
final class StaticLint {
    private static final Pattern ALLOW = Pattern.compile("\\s*lockstep:allow\\s+(\\S+)\\s*(.*?)\\s*",
            Pattern.DOTALL);

    private final TargetFacts facts;
    private final boolean group;
    private final boolean executeInTransaction;

    /**
     * @param group Flyway's {@code group}: all pending migrations in one transaction
     * @param executeInTransaction Flyway's {@code executeInTransaction}, for migrations that do not say otherwise
     */
    StaticLint(TargetFacts facts, boolean group, boolean executeInTransaction) {
        this.facts = facts;
        this.group = group;
        this.executeInTransaction = executeInTransaction;
    }

    List<MigrationLint> lint(List<LintInput> inputs) {
        PendingSet pending = new PendingSet();
        List<MigrationLint> results = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            results.add(lint(inputs.get(i), i, pending));
        }
        return results;
    }

    private MigrationLint lint(LintInput input, int index, PendingSet pending) {
        if (input.sql() == null) {
            String note = input.unreadable() != null ? input.unreadable()
                    : input.type() + " migration: not analysable statically; a traced plan runs it and sees what it"
                            + " locks and rewrites";
            return new MigrationLint(input, List.of(), group || executeInTransaction, false, List.of(),
                    Map.of(), List.of(note));
        }
        SqlScript script = SqlScript.parse(input.sql());
        List<SqlStatement> statements = script.statements();
        boolean transactional = transactional(input, statements);
        MigrationScope scope = new MigrationScope(index, transactional, pending, facts);
        for (SqlStatement statement : statements) {
            StatementRules.check(statement, scope);
        }
        concurrently(scope, statements);
        wholeTableWrites(scope);
        List<String> notes = new ArrayList<>();
        Map<String, String> suppressions = suppressions(script, notes);
        return new MigrationLint(input, statements, transactional, true, List.copyOf(scope.findings), suppressions,
                notes);
    }

    /**
     * Flyway's choice: {@code group} puts everything in one transaction; the script's own
     * {@code executeInTransaction} wins over the rest; a statement PostgreSQL cannot run in a transaction takes the
     * migration out of one; otherwise Flyway's {@code executeInTransaction}.
     */
    private boolean transactional(LintInput input, List<SqlStatement> statements) {
        if (group) {
            return true;
        }
        if (input.executeInTransaction() != null) {
            return input.executeInTransaction();
        }
        return statements.stream().noneMatch(StaticLint::outsideTransaction) && executeInTransaction;
    }

    /** The statements Flyway's PostgreSQL support runs outside a transaction (on PostgreSQL 12 and later). */
    static boolean outsideTransaction(SqlStatement statement) {
        Cursor cursor = statement.cursor();
        if (cursor.accept("create") || cursor.accept("drop")) {
            if (cursor.at("database") || cursor.at("tablespace") || cursor.at("subscription")) {
                return true;
            }
            cursor.accept("unique");
            return cursor.accept("index", "concurrently");
        }
        if (cursor.accept("reindex")) {
            cursor.accept("verbose");
            return cursor.at("schema") || cursor.at("database") || cursor.at("system");
        }
        return cursor.at("alter", "system") || cursor.at("vacuum") || cursor.at("discard", "all");
    }

    /**
     * CONCURRENTLY belongs alone in a migration Flyway runs outside a transaction: in a transaction PostgreSQL refuses
     * it; outside one beside other statements, a failure leaves the statements before it applied.
     */
    private void concurrently(MigrationScope scope, List<SqlStatement> statements) {
        long others = statements.stream().filter(statement -> !statement.startsWith("set")
                && !statement.startsWith("reset") && !statement.startsWith("comment")).count() - 1;
        for (MigrationScope.Concurrent concurrent : scope.concurrent) {
            String message;
            if (scope.transactional) {
                message = concurrent.what() + " runs in a transaction here (" + why(concurrent) + "), where PostgreSQL"
                        + " refuses it: the migration fails";
            } else if (others > 0) {
                message = concurrent.what() + " makes Flyway run its migration outside a transaction, with " + others
                        + " other statement(s): if one fails, those before it stay applied (and with mixed=false"
                        + " Flyway refuses the migration)";
            } else {
                continue;
            }
            scope.add(RawFinding.of(Rule.CONCURRENTLY_IN_TRANSACTION, concurrent.table(), concurrent.statement().line(),
                    message));
        }
    }

    private String why(MigrationScope.Concurrent concurrent) {
        if (group) {
            return "Flyway's group=true runs all pending migrations in one transaction";
        }
        if (concurrent.statement().startsWith("reindex")) {
            return "Flyway runs REINDEX TABLE and REINDEX INDEX in a transaction, CONCURRENTLY or not";
        }
        return "executeInTransaction=true";
    }

    /** A whole-table UPDATE or DELETE in the same transaction as DDL on that table, in either order. */
    private void wholeTableWrites(MigrationScope scope) {
        if (!scope.transactional) {
            return;
        }
        for (MigrationScope.Write write : scope.wholeWrites) {
            boolean ddl = scope.ddl.stream().anyMatch(write.table()::sameAs);
            if (ddl && scope.existing(write.table())) {
                scope.add(RawFinding.of(Rule.WHOLE_TABLE_WRITE_WITH_DDL, write.table(), write.line(), write.what()
                        + " of every row of " + write.table() + " runs in the same transaction as DDL on it: the DDL's"
                        + " ACCESS EXCLUSIVE lock (or the write's lock on every row) is held for the whole write"));
            }
        }
    }

    /**
     * {@code -- lockstep:allow <rule> <reason>}, anywhere in the file: rule id to reason. A comment that names no rule
     * becomes a note naming the closest one.
     */
    private static Map<String, String> suppressions(SqlScript script, List<String> notes) {
        Map<String, String> allowed = new LinkedHashMap<>();
        for (SqlScript.Comment comment : script.comments()) {
            Matcher matcher = ALLOW.matcher(comment.text());
            if (!matcher.matches()) {
                continue;
            }
            String rule = matcher.group(1).toLowerCase(Locale.ROOT);
            if (Rule.byId(rule).isEmpty()) {
                notes.add("line " + comment.line() + ": -- lockstep:allow " + rule + " names no rule; did you mean "
                        + Spelling.closest(rule, Rule.ids()) + "?");
            } else {
                allowed.put(rule, matcher.group(2));
            }
        }
        return allowed;
    }
}
