package dev.lockstep.cli;

import dev.lockstep.testsupport.TestDatabase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a restore must bring back, comparable with {@code isEqualTo}: the schema as the catalog describes it
 * (schemas, tables and columns, indexes, constraints, enum types, views) and a checksum of each table's rows.
 */
record DatabaseState(String schema, Map<String, String> rows) {
    private static final String SCHEMA = "SELECT coalesce(string_agg(item, E'\\n' ORDER BY item), '') FROM ("
            + " SELECT 'schema ' || nspname AS item FROM pg_namespace"
            + "  WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'"
            + " UNION ALL SELECT 'column ' || table_schema || '.' || table_name || '.' || column_name || ' '"
            + "  || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')"
            + "  FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            + " UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog')"
            + " UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)"
            + "  FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
            + " UNION ALL SELECT 'type ' || typname FROM pg_type WHERE typnamespace = 'public'::regnamespace"
            + "  AND typtype = 'e'"
            + " UNION ALL SELECT 'view ' || schemaname || '.' || viewname FROM pg_views"
            + "  WHERE schemaname NOT IN ('pg_catalog', 'information_schema')) catalog";

    static DatabaseState of(TestDatabase db, List<String> tables) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String table : tables) {
            rows.put(table, db.queryString("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY"
                    + " t::text)), '') FROM " + table + " t"));
        }
        return new DatabaseState(db.queryString(SCHEMA), rows);
    }
}
