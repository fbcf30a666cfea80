package dev.lockstep.internal.lint;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the statements read so far have done, across the pending migrations: the tables they created (an index on
 * those blocks nobody) and the CHECK (col IS NOT NULL) constraints they added and validated, and in which migration.
 */
final class PendingSet {

    /** A {@code CHECK (column IS NOT NULL)}; {@code validatedIn} is the index of the migration that validated it, or -1. */
    private record NotNullCheck(Name table, String column, String constraint, int addedIn, int validatedIn) {}

    private final List<Name> created = new ArrayList<>();
    private final List<NotNullCheck> checks = new ArrayList<>();

    /** Whether the table exists before the pending migrations reach it: it was not created by one of them. */
    boolean existing(Name table) {
        return created.stream().noneMatch(table::sameAs);
    }

    void created(Name table) {
        created.add(table);
    }

    void dropped(Name table) {
        created.removeIf(table::sameAs);
    }

    void renamed(Name from, Name to) {
        if (!existing(from)) {
            created.add(to);
        }
    }

    void checkAdded(Name table, String column, String constraint, int migration, boolean validated) {
        checks.add(new NotNullCheck(table, column, constraint, migration, validated ? migration : -1));
    }

    /** Marks a check validated; returns the migration it was added in, or -1 when it is not one of ours. */
    int validated(Name table, String constraint, int migration) {
        for (int i = 0; i < checks.size(); i++) {
            NotNullCheck check = checks.get(i);
            if (check.table().sameAs(table) && check.constraint().equals(constraint)) {
                checks.set(i, new NotNullCheck(check.table(), check.column(), check.constraint(), check.addedIn(),
                        migration));
                return check.addedIn();
            }
        }
        return -1;
    }

    /**
     * A check validated before this statement covers the column: PostgreSQL then skips the scan (validated in the same
     * migration, the VALIDATE itself is the finding).
     */
    boolean validatedBefore(Name table, String column, int migration) {
        return checks.stream().anyMatch(check -> check.table().sameAs(table) && check.column().equals(column)
                && check.validatedIn() >= 0 && check.validatedIn() <= migration);
    }

    /** The column a {@code CHECK (column IS NOT NULL)} constraint's expression tests, or null for any other check. */
    static @Nullable String notNullColumn(List<Token> expression) {
        // ( column IS NOT NULL ), possibly with the parentheses doubled as pg_get_constraintdef writes them
        int from = 0;
        int to = expression.size();
        while (to - from >= 2 && expression.get(from).isSymbol("(") && expression.get(to - 1).isSymbol(")")) {
            from++;
            to--;
        }
        if (to - from == 4 && expression.get(from).isIdentifier() && expression.get(from + 1).isWord("is")
                && expression.get(from + 2).isWord("not") && expression.get(from + 3).isWord("null")) {
            return expression.get(from).text();
        }
        return null;
    }
}
