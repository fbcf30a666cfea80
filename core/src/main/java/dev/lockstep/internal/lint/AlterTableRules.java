package dev.lockstep.internal.lint;

import dev.lockstep.internal.lint.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The rules for {@code ALTER TABLE}: each action of the statement on its own (columns added with volatile defaults,
 * constraints without NOT VALID, SET NOT NULL, type changes, drops, renames, rewrites by SET TABLESPACE or SET
 * LOGGED).
 */
final class AlterTableRules {
    /** Functions PostgreSQL marks volatile that defaults commonly call; the trace sees any other. */
    private static final Set<String> VOLATILE = Set.of("random", "gen_random_uuid", "uuid_generate_v1",
            "uuid_generate_v1mc", "uuid_generate_v4", "uuidv4", "uuidv7", "clock_timestamp", "timeofday", "nextval",
            "setseed", "txid_current", "pg_current_xact_id");
    private static final Set<String> SERIAL = Set.of("serial", "bigserial", "smallserial", "serial2", "serial4",
            "serial8");
    /** Where a column definition's type ends and its constraints begin. */
    private static final Set<String> COLUMN_CONSTRAINT = Set.of("default", "not", "null", "constraint", "check",
            "references", "unique", "primary", "generated", "collate");

    private AlterTableRules() {}

    static void check(Cursor cursor, int line, MigrationScope scope) {
        cursor.accept("if", "exists");
        cursor.accept("only");
        Name table = cursor.name();
        if (table == null) {
            return;
        }
        cursor.acceptSymbol("*");
        scope.ddlOn(table);
        boolean existing = scope.existing(table);
        if (cursor.accept("rename")) {
            rename(cursor, table, existing, line, scope);
            return;
        }
        if (cursor.accept("set", "schema")) {
            Name schema = cursor.name();
            if (existing) {
                scope.add(RawFinding.of(Rule.RENAME_TABLE, table, line, "SET SCHEMA moves " + table + " to "
                        + (schema == null ? "another schema" : schema.name()) + ": the running version of the"
                        + " application still uses the old name"));
            }
            return;
        }
        while (!cursor.atEnd()) {
            Cursor action = cursor.untilComma();
            action(action, table, existing, line, scope);
        }
    }

    private static void rename(Cursor cursor, Name table, boolean existing, int line, MigrationScope scope) {
        if (cursor.accept("to")) {
            Name to = cursor.name();
            if (to != null) {
                scope.pending.renamed(table, new Name(table.schema(), to.name()));
            }
            if (existing) {
                scope.add(RawFinding.of(Rule.RENAME_TABLE, table, line, "RENAME " + table + " TO "
                        + (to == null ? "?" : to.name()) + ": the running version of the application still uses the"
                        + " old name"));
            }
            return;
        }
        if (cursor.at("constraint")) {
            return;
        }
        cursor.accept("column");
        Token column = cursor.atEnd() ? null : cursor.next();
        cursor.accept("to");
        Token to = cursor.atEnd() ? null : cursor.next();
        if (existing && column != null) {
            scope.add(RawFinding.of(Rule.RENAME_COLUMN, table, line, "RENAME COLUMN " + column.text() + " TO "
                    + (to == null ? "?" : to.text()) + " on " + table + ": the running version of the application"
                    + " still uses the old name"));
        }
    }

    private static void action(Cursor action, Name table, boolean existing, int line, MigrationScope scope) {
        int at = action.line() > 0 ? action.line() : line;
        if (action.accept("add")) {
            if (action.at("constraint") || action.at("check") || action.at("foreign") || action.at("unique")
                    || action.at("primary") || action.at("exclude")) {
                addConstraint(action, table, existing, at, scope);
            } else {
                action.accept("column");
                action.accept("if", "not", "exists");
                addColumn(action, table, existing, at, scope);
            }
        } else if (action.accept("alter")) {
            action.accept("column");
            Token column = action.atEnd() ? null : action.next();
            if (column != null && column.isIdentifier()) {
                alterColumn(action, table, column.text(), existing, at, scope);
            }
        } else if (action.accept("drop")) {
            if (action.at("constraint") || !existing) {
                return;
            }
            action.accept("column");
            action.accept("if", "exists");
            Token column = action.atEnd() ? null : action.next();
            if (column != null && column.isIdentifier()) {
                scope.add(RawFinding.of(Rule.DROP_COLUMN, table, at, "DROP COLUMN " + column.text() + " on " + table
                        + ": the running version of the application may still read or write it"));
            }
        } else if (action.accept("validate", "constraint")) {
            validate(action, table, at, scope);
        } else if (action.accept("set", "tablespace") && existing) {
            scope.add(new RawFinding(Rule.REWRITE_UNDER_EXCLUSIVE_LOCK, table, at, "SET TABLESPACE copies " + table
                    + " to the new tablespace under ACCESS EXCLUSIVE: reads and writes wait for the whole copy", true));
        } else if ((action.at("set", "logged") || action.at("set", "unlogged")) && existing) {
            scope.add(new RawFinding(Rule.REWRITE_UNDER_EXCLUSIVE_LOCK, table, at, "SET "
                    + action.rest().get(1).text().toUpperCase(Locale.ROOT) + " rewrites " + table
                    + " under ACCESS EXCLUSIVE: reads and writes wait for the whole rewrite", true));
        }
    }

    /** {@code ADD [COLUMN] name type [constraints]}: a volatile default, serial type or stored expression rewrites. */
    private static void addColumn(Cursor action, Name table, boolean existing, int line, MigrationScope scope) {
        Token column = action.atEnd() ? null : action.next();
        if (column == null || !existing) {
            return;
        }
        List<Token> rest = action.rest();
        String cause = null;
        for (int i = 0; i < rest.size() && cause == null; i++) {
            Token token = rest.get(i);
            if (i == 0 && SERIAL.contains(token.text()) && token.kind() == Kind.WORD) {
                cause = "of type " + token.text() + " (a default from a sequence)";
            } else if (token.isWord("default")) {
                cause = volatileCall(rest.subList(i + 1, rest.size()));
            } else if (token.isWord("generated")) {
                cause = generated(rest.subList(i + 1, rest.size()));
            }
        }
        if (cause != null) {
            scope.add(new RawFinding(Rule.VOLATILE_DEFAULT, table, line, "ADD COLUMN " + column.text() + " " + cause
                    + " fills every existing row, rewriting " + table + " under ACCESS EXCLUSIVE: reads and writes"
                    + " wait for the whole rewrite", true));
        }
    }

    /** The first volatile function the default calls, up to the next column constraint. */
    private static @Nullable String volatileCall(List<Token> expression) {
        int depth = 0;
        for (int i = 0; i < expression.size(); i++) {
            Token token = expression.get(i);
            depth += token.isSymbol("(") ? 1 : token.isSymbol(")") ? -1 : 0;
            if (depth == 0 && token.kind() == Kind.WORD && COLUMN_CONSTRAINT.contains(token.text()) && i > 0) {
                return null;
            }
            if (token.kind() == Kind.WORD && VOLATILE.contains(token.text()) && i + 1 < expression.size()
                    && expression.get(i + 1).isSymbol("(")) {
                return "with DEFAULT " + token.text() + "(...) (volatile)";
            }
        }
        return null;
    }

    /** {@code GENERATED ALWAYS AS (expr) STORED} and {@code GENERATED ... AS IDENTITY} compute every row. */
    private static @Nullable String generated(List<Token> rest) {
        for (Token token : rest) {
            if (token.isWord("identity")) {
                return "GENERATED AS IDENTITY";
            }
            if (token.isWord("stored")) {
                return "GENERATED ALWAYS AS (...) STORED";
            }
        }
        return null;
    }

    private static void addConstraint(Cursor action, Name table, boolean existing, int line, MigrationScope scope) {
        String name = null;
        if (action.accept("constraint")) {
            Token token = action.atEnd() ? null : action.next();
            name = token == null ? null : token.text();
        }
        boolean notValid = action.restHas("not", "valid");
        String label = name == null ? "" : " " + name;
        if (action.accept("check")) {
            List<Token> expression = group(action);
            String column = PendingSet.notNullColumn(expression);
            if (column != null && name != null) {
                scope.pending.checkAdded(table, column, name, scope.index, !notValid);
            }
            if (notValid && name != null) {
                scope.notValid.add(new MigrationScope.NotValid(table, name));
            }
            if (!notValid && existing) {
                scope.add(RawFinding.of(Rule.CONSTRAINT_WITHOUT_NOT_VALID, table, line, "ADD CONSTRAINT" + label
                        + " CHECK on " + table + " checks every row under ACCESS EXCLUSIVE: reads and writes wait for"
                        + " the scan"));
            }
        } else if (action.accept("foreign", "key")) {
            if (notValid && name != null) {
                scope.notValid.add(new MigrationScope.NotValid(table, name));
            }
            if (!notValid && existing) {
                action.skipGroup();
                action.accept("references");
                Name referenced = action.name();
                scope.add(RawFinding.of(Rule.CONSTRAINT_WITHOUT_NOT_VALID, table, line, "ADD CONSTRAINT" + label
                        + " FOREIGN KEY on " + table + " checks every row while writes to " + table
                        + (referenced == null ? "" : " and " + referenced) + " wait"));
            }
        } else if ((action.at("unique") || action.at("primary") || action.at("exclude")) && existing
                && !action.restHas("using", "index")) {
            String kind = action.at("primary") ? "PRIMARY KEY" : action.at("unique") ? "UNIQUE" : "EXCLUDE";
            scope.add(RawFinding.of(Rule.INDEX_WITHOUT_CONCURRENTLY, table, line, "ADD" + (name == null ? ""
                    : " CONSTRAINT " + name) + " " + kind + " builds its index on " + table + " under ACCESS"
                    + " EXCLUSIVE: reads and writes wait for the build"));
        }
    }

    private static void alterColumn(Cursor action, Name table, String column, boolean existing, int line,
            MigrationScope scope) {
        if (action.accept("set", "not", "null")) {
            boolean covered = scope.facts.hasValidatedNotNullCheck(table, column)
                    || scope.pending.validatedBefore(table, column, scope.index);
            if (existing && !covered) {
                scope.add(RawFinding.of(Rule.SET_NOT_NULL_WITHOUT_CHECK, table, line, "SET NOT NULL on " + table + "."
                        + column + " scans the whole table under ACCESS EXCLUSIVE: no validated CHECK (" + column
                        + " IS NOT NULL) proves it first"));
            }
            return;
        }
        action.accept("set", "data");
        if (action.accept("type") && existing) {
            String newType = TypeChange.typeText(action.rest());
            String oldType = scope.facts.columnType(table, column);
            boolean using = action.restHas("using");
            if (!using && oldType != null && !TypeChange.rewrites(oldType, newType)) {
                return;
            }
            String was = oldType == null ? "" : " (was " + oldType + ")";
            String certainty = oldType == null && !using ? ", unless the new type is binary-compatible with the old one,"
                    : "";
            scope.add(new RawFinding(Rule.REWRITE_UNDER_EXCLUSIVE_LOCK, table, line, "ALTER COLUMN " + column
                    + " TYPE " + newType + was + " rewrites " + table + certainty + " under ACCESS EXCLUSIVE: reads"
                    + " and writes wait for the whole rewrite", true));
        }
    }

    /**
     * {@code VALIDATE CONSTRAINT} right after {@code ADD ... NOT VALID} in the same transaction keeps the ADD's lock
     * through the scan: the split gains nothing.
     */
    private static void validate(Cursor action, Name table, int line, MigrationScope scope) {
        Token token = action.atEnd() ? null : action.next();
        if (token == null) {
            return;
        }
        String constraint = token.text();
        scope.pending.validated(table, constraint, scope.index);
        boolean addedHere = scope.notValid.stream()
                .anyMatch(added -> added.table().sameAs(table) && added.constraint().equals(constraint));
        if (addedHere && scope.transactional && scope.existing(table)) {
            scope.add(RawFinding.of(Rule.CONSTRAINT_WITHOUT_NOT_VALID, table, line, "VALIDATE CONSTRAINT " + constraint
                    + " runs in the same transaction as the ADD ... NOT VALID that created it, so the ADD's lock on "
                    + table + " is held through the whole scan"));
        }
    }

    /** The tokens inside the parenthesised group that comes next; the cursor moves past it. */
    private static List<Token> group(Cursor action) {
        List<Token> inside = new ArrayList<>();
        if (!action.acceptSymbol("(")) {
            return inside;
        }
        int depth = 1;
        while (!action.atEnd()) {
            Token token = action.next();
            depth += token.isSymbol("(") ? 1 : token.isSymbol(")") ? -1 : 0;
            if (depth == 0) {
                break;
            }
            inside.add(token);
        }
        return inside;
    }
}
