package dev.lockstep.internal.lint;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The target's facts about some relations, read in one short read-only transaction: sizes ({@code reltuples},
 * {@code pg_total_relation_size}; a partitioned table sums its partitions), column types, and validated
 * {@code CHECK (col IS NOT NULL)} constraints. Unqualified names are looked up in Flyway's schema when it has one, else
 * on the connection's search path, as the migration will.
 */
final class CatalogFacts implements TargetFacts {
    /** The size query opens each table (a share lock): never queue behind a migration holding it exclusively. */
    private static final String LOCK_TIMEOUT = "2s";

    private record Relation(long oid, @Nullable Long rows, long bytes) {}

    private final Map<Name, Relation> relations = new HashMap<>();
    private final Map<Long, Map<String, String>> columnTypes = new HashMap<>();
    private final Map<Long, Set<String>> notNullChecks = new HashMap<>();

    private CatalogFacts() {}

    static CatalogFacts read(Connection connection, Collection<Name> names, @Nullable String defaultSchema)
            throws SQLException {
        CatalogFacts facts = new CatalogFacts();
        if (names.isEmpty()) {
            return facts;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION READ ONLY");
            statement.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
            facts.readRelations(connection, new ArrayList<>(names), defaultSchema);
            facts.readColumns(connection);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return facts;
    }

    private void readRelations(Connection connection, List<Name> names, @Nullable String defaultSchema)
            throws SQLException {
        String[] wanted = names.stream().map(name -> (name.schema() == null && defaultSchema != null
                ? new Name(defaultSchema, name.name()) : name).quoted()).toArray(String[]::new);
        String sql = "SELECT w.i, c.oid, CASE WHEN c.relkind = 'p' THEN (SELECT sum(greatest(p.reltuples, 0))"
                + " FROM pg_partition_tree(c.oid) t JOIN pg_class p ON p.oid = t.relid WHERE t.isleaf)"
                + " WHEN c.reltuples > 0 OR c.relpages > 0 OR pg_relation_size(c.oid) = 0 THEN c.reltuples END,"
                + " CASE WHEN c.relkind = 'p' THEN (SELECT sum(pg_total_relation_size(t.relid))"
                + " FROM pg_partition_tree(c.oid) t WHERE t.isleaf) ELSE pg_total_relation_size(c.oid) END"
                + " FROM unnest(?::text[]) WITH ORDINALITY AS w(name, i)"
                + " JOIN pg_class c ON c.oid = to_regclass(w.name)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Array array = connection.createArrayOf("text", wanted);
            statement.setArray(1, array);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    double rows = row.getDouble(3);
                    Long estimate = row.wasNull() || rows < 0 ? null : Math.round(rows);
                    relations.put(names.get(row.getInt(1) - 1), new Relation(row.getLong(2), estimate, row.getLong(4)));
                }
            }
        }
    }

    private void readColumns(Connection connection) throws SQLException {
        Long[] oids = relations.values().stream().map(Relation::oid).distinct().toArray(Long[]::new);
        if (oids.length == 0) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT attrelid, attname,"
                + " format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = ANY(?::oid[]) AND attnum > 0"
                + " AND NOT attisdropped")) {
            statement.setArray(1, connection.createArrayOf("bigint", oids));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    columnTypes.computeIfAbsent(row.getLong(1), any -> new HashMap<>()).put(row.getString(2),
                            row.getString(3));
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT conrelid, pg_get_constraintdef(oid)"
                + " FROM pg_constraint WHERE conrelid = ANY(?::oid[]) AND contype = 'c' AND convalidated")) {
            statement.setArray(1, connection.createArrayOf("bigint", oids));
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    String column = notNullColumn(row.getString(2));
                    if (column != null) {
                        notNullChecks.computeIfAbsent(row.getLong(1), any -> new HashSet<>()).add(column);
                    }
                }
            }
        }
    }

    /** The column of {@code CHECK ((col IS NOT NULL))} as pg_get_constraintdef writes it, else null. */
    static @Nullable String notNullColumn(String definition) {
        List<SqlStatement> statements = SqlScript.parse(definition).statements();
        if (statements.isEmpty() || !statements.get(0).startsWith("check")) {
            return null;
        }
        List<Token> tokens = statements.get(0).tokens();
        return PendingSet.notNullColumn(tokens.subList(1, tokens.size()));
    }

    @Override
    public @Nullable Size size(Name relation) {
        Relation found = relations.get(relation);
        return found == null ? null : new Size(found.rows(), found.bytes());
    }

    @Override
    public @Nullable String columnType(Name table, String column) {
        Relation found = relations.get(table);
        return found == null ? null : columnTypes.getOrDefault(found.oid(), Map.of()).get(column);
    }

    @Override
    public boolean hasValidatedNotNullCheck(Name table, String column) {
        Relation found = relations.get(table);
        return found != null && notNullChecks.getOrDefault(found.oid(), Set.of()).contains(column);
    }
}
