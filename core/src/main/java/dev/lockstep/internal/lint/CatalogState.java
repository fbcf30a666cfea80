package dev.lockstep.internal.lint;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The parts of the scratch database's catalog a trace compares before and after a migration, for the user's schemas:
 * relations with their files ({@code relfilenode}), columns, indexes, and check and foreign-key constraints. Read on
 * the migration's own connection, inside its transaction: the catalog reads take no lock on the user's tables.
 */
record CatalogState(Map<Long, Relation> relations, Map<String, Column> columns, Map<Long, Long> indexes,
        Map<Long, Constraint> constraints) {

    private static final String USER_SCHEMAS = " n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

    /** {@code kind} is pg_class.relkind: r table, p partitioned table, m materialized view, i index. */
    record Relation(String schema, String name, char kind, long file) {}

    record Column(long table, int number, String name, long type, int modifier, boolean notNull) {}

    /** {@code notNullColumn} is the column a {@code CHECK (col IS NOT NULL)} tests, else null. */
    record Constraint(long table, String name, char type, boolean validated, Set<Integer> columns,
            @Nullable String notNullColumn) {}

    static CatalogState read(Connection connection) throws SQLException {
        Map<Long, Relation> relations = new HashMap<>();
        Map<String, Column> columns = new HashMap<>();
        Map<Long, Long> indexes = new HashMap<>();
        Map<Long, Constraint> constraints = new HashMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery("SELECT c.oid, n.nspname, c.relname, c.relkind, c.relfilenode"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relkind IN ('r', 'p', 'm', 'i') AND" + USER_SCHEMAS)) {
                while (row.next()) {
                    relations.put(row.getLong(1), new Relation(row.getString(2), row.getString(3),
                            row.getString(4).charAt(0), row.getLong(5)));
                }
            }
            try (ResultSet row = statement.executeQuery("SELECT a.attrelid, a.attnum, a.attname, a.atttypid,"
                    + " a.atttypmod, a.attnotnull FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE a.attnum > 0 AND NOT a.attisdropped"
                    + " AND c.relkind IN ('r', 'p', 'm') AND" + USER_SCHEMAS)) {
                while (row.next()) {
                    Column column = new Column(row.getLong(1), row.getInt(2), row.getString(3), row.getLong(4),
                            row.getInt(5), row.getBoolean(6));
                    columns.put(key(column.table(), column.number()), column);
                }
            }
            try (ResultSet row = statement.executeQuery("SELECT i.indexrelid, i.indrelid FROM pg_index i"
                    + " JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE"
                    + USER_SCHEMAS)) {
                while (row.next()) {
                    indexes.put(row.getLong(1), row.getLong(2));
                }
            }
            try (ResultSet row = statement.executeQuery("SELECT o.oid, o.conrelid, o.conname, o.contype,"
                    + " o.convalidated, o.conkey, CASE WHEN o.contype = 'c' THEN pg_get_constraintdef(o.oid) END"
                    + " FROM pg_constraint o JOIN pg_class c ON c.oid = o.conrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE o.contype IN ('c', 'f') AND"
                    + USER_SCHEMAS)) {
                while (row.next()) {
                    java.sql.Array keys = row.getArray(6);
                    Set<Integer> numbers = keys == null ? Set.of() : Set.of(Arrays.stream(
                            (Short[]) keys.getArray()).map(Short::intValue).distinct().toArray(Integer[]::new));
                    String definition = row.getString(7);
                    constraints.put(row.getLong(1), new Constraint(row.getLong(2), row.getString(3),
                            row.getString(4).charAt(0), row.getBoolean(5), numbers,
                            definition == null ? null : CatalogFacts.notNullColumn(definition)));
                }
            }
        }
        return new CatalogState(relations, columns, indexes, constraints);
    }

    static String key(long table, int number) {
        return table + "." + number;
    }

    /** Whether a validated {@code CHECK (column IS NOT NULL)} on the table covers the column. */
    boolean notNullProven(long table, String column) {
        return constraints.values().stream().anyMatch(constraint -> constraint.table() == table
                && constraint.validated() && column.equals(constraint.notNullColumn()));
    }
}
