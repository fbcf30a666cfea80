package dev.lockstep.s3;

import dev.lockstep.testsupport.TestDatabase;
import java.util.List;

/**
 * What a restore must bring back, compared with {@code isEqualTo}: every column of every table of the public schema
 * with its type, every index, and a checksum of each table's rows (but Lockstep's run history, which records the
 * restore itself).
 */
record DatabaseRows(List<String> columns, List<String> indexes, List<String> rows) {

    static DatabaseRows of(TestDatabase db) {
        List<String> tables = db.queryColumn("SELECT table_name FROM information_schema.tables WHERE table_schema ="
                + " 'public' AND table_name <> 'lockstep_runs' ORDER BY table_name")
                .stream().map(String::valueOf).toList();
        return new DatabaseRows(
                db.queryColumn("SELECT table_name || '.' || column_name || ' ' || data_type FROM"
                        + " information_schema.columns WHERE table_schema = 'public' ORDER BY 1").stream()
                        .map(String::valueOf).toList(),
                db.queryColumn("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1").stream()
                        .map(String::valueOf).toList(),
                tables.stream().map(table -> table + " " + db.queryString("SELECT count(*) || ':' ||"
                        + " coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM \"" + table + "\" t"))
                        .toList());
    }
}
