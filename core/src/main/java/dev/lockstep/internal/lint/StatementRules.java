package dev.lockstep.internal.lint;

import dev.lockstep.internal.lint.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The rules that read one statement at a time (ALTER TABLE's actions are {@link AlterTableRules}'): index builds,
 * VACUUM FULL, CLUSTER, LOCK TABLE, REINDEX, DROP and RENAME, whole-table writes, lock_timeout, and the statements
 * that create tables.
 */
final class StatementRules {
    private StatementRules() {}

    static void check(SqlStatement statement, MigrationScope scope) {
        Cursor cursor = statement.cursor();
        int line = statement.line();
        if (cursor.accept("create")) {
            create(cursor, statement, scope);
        } else if (cursor.accept("alter", "table")) {
            AlterTableRules.check(cursor, line, scope);
        } else if (cursor.accept("drop")) {
            drop(cursor, statement, scope);
        } else if (cursor.accept("reindex")) {
            reindex(cursor, statement, scope);
        } else if (cursor.accept("vacuum")) {
            vacuum(cursor, line, scope);
        } else if (cursor.accept("cluster")) {
            cluster(cursor, line, scope);
        } else if (cursor.accept("lock")) {
            lock(cursor, line, scope);
        } else if (cursor.accept("update")) {
            write(cursor, line, scope, "UPDATE");
        } else if (cursor.accept("delete", "from")) {
            write(cursor, line, scope, "DELETE");
        } else if (cursor.accept("set") || cursor.at("reset") || cursor.at("select")) {
            lockTimeout(statement, scope);
        }
    }

    private static void create(Cursor cursor, SqlStatement statement, MigrationScope scope) {
        cursor.accept("or", "replace");
        boolean unique = cursor.accept("unique");
        if (cursor.accept("index")) {
            index(cursor, statement, scope, unique);
            return;
        }
        cursor.accept("global");
        cursor.accept("local");
        cursor.accept("temporary");
        cursor.accept("temp");
        cursor.accept("unlogged");
        if (cursor.accept("table") || cursor.accept("materialized", "view")) {
            cursor.accept("if", "not", "exists");
            Name table = cursor.name();
            if (table != null) {
                scope.pending.created(table);
            }
        }
    }

    private static void index(Cursor cursor, SqlStatement statement, MigrationScope scope, boolean unique) {
        boolean concurrently = cursor.accept("concurrently");
        cursor.accept("if", "not", "exists");
        Name index = cursor.at("on") ? null : cursor.name();
        if (!cursor.accept("on")) {
            return;
        }
        cursor.accept("only");
        Name table = cursor.name();
        if (table == null) {
            return;
        }
        String what = "CREATE " + (unique ? "UNIQUE " : "") + "INDEX" + (concurrently ? " CONCURRENTLY" : "")
                + (index == null ? "" : " " + index.name());
        if (concurrently) {
            scope.concurrent.add(new MigrationScope.Concurrent(statement, table, what));
            return;
        }
        scope.ddlOn(table);
        if (scope.existing(table)) {
            scope.add(RawFinding.of(Rule.INDEX_WITHOUT_CONCURRENTLY, table, statement.line(), what + " on " + table
                    + " blocks writes to " + table + " until the index is built"));
        }
    }

    private static void drop(Cursor cursor, SqlStatement statement, MigrationScope scope) {
        cursor.accept("unique");
        if (cursor.accept("index")) {
            if (cursor.accept("concurrently")) {
                cursor.accept("if", "exists");
                Name index = cursor.name();
                scope.concurrent.add(new MigrationScope.Concurrent(statement, index == null ? new Name(null, "?")
                        : index, "DROP INDEX CONCURRENTLY"));
            }
            return;
        }
        if (!cursor.accept("table")) {
            return;
        }
        cursor.accept("if", "exists");
        do {
            Name table = cursor.name();
            if (table == null) {
                return;
            }
            if (scope.existing(table)) {
                scope.add(RawFinding.of(Rule.DROP_TABLE, table, statement.line(), "DROP TABLE " + table
                        + ": the running version of the application may still use it"));
            }
            scope.pending.dropped(table);
        } while (cursor.acceptSymbol(","));
    }

    /** {@code REINDEX [(options)] {INDEX | TABLE | SCHEMA | DATABASE | SYSTEM} [CONCURRENTLY] name}. */
    private static void reindex(Cursor cursor, SqlStatement statement, MigrationScope scope) {
        cursor.skipGroup();
        cursor.accept("verbose");
        Token kind = cursor.atEnd() ? null : cursor.next();
        if (kind == null || kind.kind() != Kind.WORD) {
            return;
        }
        boolean concurrently = cursor.accept("concurrently");
        Name name = cursor.name();
        String what = "REINDEX " + kind.text().toUpperCase(Locale.ROOT) + (concurrently ? " CONCURRENTLY" : "")
                + (name == null ? "" : " " + name);
        boolean oneTable = kind.isWord("table") || kind.isWord("index");
        if (concurrently) {
            scope.concurrent.add(new MigrationScope.Concurrent(statement, name == null ? new Name(null, "?") : name,
                    what));
        } else if (!oneTable) {
            scope.add(RawFinding.of(Rule.REINDEX_WITHOUT_CONCURRENTLY, null, statement.line(), what
                    + " rebuilds every index in it, each blocking writes to its table while it is rebuilt"));
        } else if (name != null && scope.existing(name)) {
            scope.add(RawFinding.of(Rule.REINDEX_WITHOUT_CONCURRENTLY, name, statement.line(), what
                    + " blocks writes to the table, and reads that use the index, while it rebuilds"));
        }
    }

    /** {@code VACUUM FULL [table, ...]} or {@code VACUUM (FULL, ...) [table, ...]}. */
    private static void vacuum(Cursor cursor, int line, MigrationScope scope) {
        boolean full = cursor.accept("full");
        if (cursor.atSymbol("(")) {
            List<Token> options = cursor.rest();
            int close = 0;
            while (close < options.size() && !options.get(close).isSymbol(")")) {
                close++;
            }
            for (int i = 0; i < close; i++) {
                if (options.get(i).isWord("full")) {
                    Token value = i + 1 < close ? options.get(i + 1) : null;
                    full = value == null || !(value.isWord("false") || value.isWord("off") || value.text().equals("0"));
                }
            }
            cursor.skipGroup();
        }
        if (!full) {
            return;
        }
        while (cursor.accept("freeze") || cursor.accept("verbose") || cursor.accept("analyze")
                || cursor.accept("analyse")) {
            // the old option words
        }
        List<Name> tables = tables(cursor);
        if (tables.isEmpty()) {
            scope.add(new RawFinding(Rule.VACUUM_FULL, null, line, "VACUUM FULL without a table rewrites every table"
                    + " of the database, each under ACCESS EXCLUSIVE", true));
        }
        for (Name table : tables) {
            if (scope.existing(table)) {
                scope.add(new RawFinding(Rule.VACUUM_FULL, table, line, "VACUUM FULL " + table + " rewrites it under"
                        + " ACCESS EXCLUSIVE: reads and writes wait for the whole rewrite", true));
            }
        }
    }

    /** {@code CLUSTER [VERBOSE] [table [USING index]]}. */
    private static void cluster(Cursor cursor, int line, MigrationScope scope) {
        cursor.skipGroup();
        cursor.accept("verbose");
        Name table = cursor.name();
        if (table == null) {
            scope.add(new RawFinding(Rule.CLUSTER, null, line, "CLUSTER without a table rewrites every table"
                    + " clustered before, each under ACCESS EXCLUSIVE", true));
        } else if (scope.existing(table)) {
            scope.add(new RawFinding(Rule.CLUSTER, table, line, "CLUSTER " + table + " rewrites it under ACCESS"
                    + " EXCLUSIVE: reads and writes wait for the whole rewrite", true));
        }
    }

    /** {@code LOCK [TABLE] [ONLY] name [, ...] [IN mode MODE] [NOWAIT]}. */
    private static void lock(Cursor cursor, int line, MigrationScope scope) {
        cursor.accept("table");
        cursor.accept("only");
        List<Name> tables = tables(cursor);
        StringBuilder mode = new StringBuilder();
        if (cursor.accept("in")) {
            while (!cursor.atEnd() && !cursor.at("mode")) {
                mode.append(mode.length() == 0 ? "" : " ").append(cursor.next().text().toUpperCase(Locale.ROOT));
            }
        }
        String held = mode.length() == 0 ? "ACCESS EXCLUSIVE" : mode.toString();
        for (Name table : tables) {
            if (scope.existing(table)) {
                scope.add(RawFinding.of(Rule.LOCK_TABLE, table, line, "LOCK TABLE " + table + " holds " + held
                        + " until the migration commits"));
            }
        }
    }

    /**
     * {@code UPDATE t SET ...} or {@code DELETE FROM t} of the whole table: no WHERE, or only a test for NULL (the
     * shape of a backfill). Judged once the migration is read: it matters only beside DDL on the same table.
     */
    private static void write(Cursor cursor, int line, MigrationScope scope, String what) {
        cursor.accept("only");
        Name table = cursor.name();
        if (table == null) {
            return;
        }
        List<Token> rest = cursor.rest();
        int where = -1;
        int depth = 0;
        for (int i = 0; i < rest.size() && where < 0; i++) {
            Token token = rest.get(i);
            depth += token.isSymbol("(") ? 1 : token.isSymbol(")") ? -1 : 0;
            if (depth == 0 && token.isWord("where")) {
                where = i;
            }
        }
        if (where < 0 || isNullTest(rest.subList(where + 1, rest.size()))) {
            scope.wholeWrites.add(new MigrationScope.Write(table, line, what));
        }
    }

    /** {@code col IS [NOT] NULL}, the column possibly qualified, and nothing else (RETURNING aside). */
    private static boolean isNullTest(List<Token> condition) {
        int end = 0;
        while (end < condition.size() && !condition.get(end).isWord("returning")) {
            end++;
        }
        List<Token> test = condition.subList(0, end);
        int i = 0;
        while (i + 1 < test.size() && test.get(i).isIdentifier() && test.get(i + 1).isSymbol(".")) {
            i += 2;
        }
        if (i >= test.size() || !test.get(i).isIdentifier() || i + 1 >= test.size() || !test.get(i + 1).isWord("is")) {
            return false;
        }
        List<Token> tail = test.subList(i + 2, test.size());
        return (tail.size() == 1 && tail.get(0).isWord("null"))
                || (tail.size() == 2 && tail.get(0).isWord("not") && tail.get(1).isWord("null"));
    }

    /**
     * {@code SET [SESSION | LOCAL] lock_timeout = 0}, {@code RESET lock_timeout} (the server's default, normally 0),
     * {@code SET lock_timeout TO DEFAULT}, {@code SELECT set_config('lock_timeout', '0', ...)}.
     */
    private static void lockTimeout(SqlStatement statement, MigrationScope scope) {
        List<Token> tokens = statement.tokens();
        Cursor cursor = statement.cursor();
        String found = null;
        if (cursor.accept("reset")) {
            if (cursor.accept("lock_timeout") || cursor.accept("all")) {
                found = "RESET " + tokens.get(1).text() + " puts lock_timeout back to the server's default, normally 0"
                        + " (no limit)";
            }
        } else if (cursor.accept("set")) {
            cursor.accept("session");
            cursor.accept("local");
            if (cursor.accept("lock_timeout") && (cursor.acceptSymbol("=") || cursor.accept("to")) && !cursor.atEnd()) {
                Token value = cursor.next();
                if (value.isWord("default")) {
                    found = "SET lock_timeout TO DEFAULT puts it back to the server's default, normally 0 (no limit)";
                } else if (isZero(value)) {
                    found = "SET lock_timeout = " + value.text() + " means no limit";
                }
            }
        } else {
            for (int i = 0; i + 3 < tokens.size(); i++) {
                if (tokens.get(i).isWord("set_config") && tokens.get(i + 2).kind() == Kind.STRING
                        && tokens.get(i + 2).text().equalsIgnoreCase("lock_timeout") && tokens.get(i + 3).isSymbol(",")
                        && i + 4 < tokens.size() && isZero(tokens.get(i + 4))) {
                    found = "set_config('lock_timeout', '" + tokens.get(i + 4).text() + "', ...) means no limit";
                }
            }
        }
        if (found != null) {
            scope.add(RawFinding.of(Rule.LOCK_TIMEOUT_ZERO, null, statement.line(), found
                    + ": the migration can queue behind a long transaction while every query on its tables queues"
                    + " behind it"));
        }
    }

    /** {@code 0}, {@code '0'}, {@code '0s'}, {@code '0ms'}, {@code '0min'}: zero in any unit. */
    private static boolean isZero(Token value) {
        if (value.kind() != Kind.NUMBER && value.kind() != Kind.STRING) {
            return false;
        }
        String digits = value.text().trim().replaceAll("[a-zA-Z\\s]+$", "");
        try {
            return !digits.isEmpty() && Double.parseDouble(digits) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Table names separated by commas, each perhaps with a column list (VACUUM's). */
    private static List<Name> tables(Cursor cursor) {
        List<Name> tables = new ArrayList<>();
        do {
            cursor.accept("only");
            Name table = cursor.name();
            if (table == null) {
                break;
            }
            tables.add(table);
            cursor.skipGroup();
        } while (cursor.acceptSymbol(","));
        return tables;
    }

}
