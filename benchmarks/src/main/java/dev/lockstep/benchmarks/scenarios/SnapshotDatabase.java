package dev.lockstep.benchmarks.scenarios;

import dev.lockstep.benchmarks.harness.MigrationSets;
import dev.lockstep.embedded.EmbeddedDatabase;
import java.util.Arrays;

/**
 * The generated database of the snapshot section: customers, their orders and the orders' events, with bigint keys,
 * text, numeric, timestamptz and jsonb columns, foreign keys and secondary indexes. The bare tables are a Lockstep
 * migration ({@code migrations/snapshot}, so the database has a history like a service's); {@link #fill} generates
 * the rows server-side ({@code sql/snapshot-data.sql}: {@code INSERT ... SELECT generate_series}), then adds keys and
 * indexes, as a bulk load would. Random values come from a fixed seed, so every run dumps the same data.
 */
final class SnapshotDatabase {
    /** Rows per unit of scale; one unit is about 37 MB by {@code pg_database_size}. */
    private static final long CUSTOMERS = 20_000;
    private static final long ORDERS = 100_000;
    private static final long EVENTS = 60_000;

    /** What was generated, for the section's header. */
    record Facts(long customers, long orders, long events, long databaseBytes, long generateNanos) {}

    private SnapshotDatabase() {}

    static Facts fill(EmbeddedDatabase db, int scale) {
        long started = System.nanoTime();
        long customers = CUSTOMERS * scale;
        long orders = ORDERS * scale;
        long events = EVENTS * scale;
        String script = MigrationSets.text("sql/snapshot-data.sql")
                .replaceAll("(?m)^--.*$", "")
                .replace(":customers", Long.toString(customers))
                .replace(":orders", Long.toString(orders))
                .replace(":events", Long.toString(events));
        String[] statements = Arrays.stream(script.split(";\\s*\\n")).map(String::strip).filter(s -> !s.isEmpty())
                .toArray(String[]::new);
        db.execute(statements);
        long nanos = System.nanoTime() - started;
        return new Facts(customers, orders, events, db.queryLong("SELECT pg_database_size(current_database())"), nanos);
    }
}
