package dev.lockstep.benchmarks;

import dev.lockstep.embedded.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The generated database of section e: customers, their orders and the orders' events, with bigint keys, text,
 * numeric, timestamptz and jsonb columns, foreign keys and secondary indexes. {@code V1} (a Lockstep migration, so
 * the database has a history like a service's) creates the bare tables; {@link #fill} generates the rows
 * server-side with {@code INSERT ... SELECT generate_series}, then adds keys and indexes, as a bulk load would.
 * Random values come from a fixed seed, so every run dumps the same data.
 */
final class SnapshotData {
    /** Rows per unit of scale; one unit is about 30 MB by {@code pg_database_size}. */
    private static final long CUSTOMERS = 20_000;
    private static final long ORDERS = 100_000;
    private static final long EVENTS = 60_000;

    private static final String SCHEMA = """
            CREATE TABLE customers (id bigint NOT NULL, email text NOT NULL, name text NOT NULL,
                created_at timestamptz NOT NULL, attributes jsonb NOT NULL);
            CREATE TABLE orders (id bigint NOT NULL, customer_id bigint NOT NULL, status text NOT NULL,
                total numeric(12,2) NOT NULL, placed_at timestamptz NOT NULL, note text);
            CREATE TABLE events (id bigint NOT NULL, order_id bigint NOT NULL, kind text NOT NULL,
                at timestamptz NOT NULL, payload jsonb NOT NULL);
            """;

    /** What was generated, for the section's header. */
    record Facts(long customers, long orders, long events, long databaseBytes, long generateNanos) {}

    private SnapshotData() {}

    /** A {@code filesystem:} location holding V1, the bare tables. */
    static String location(Path root) {
        Path directory = root.resolve("snapshot-set");
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("V1__tables.sql"), SCHEMA);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the snapshot section's migration", e);
        }
        return "filesystem:" + directory;
    }

    static Facts fill(EmbeddedDatabase db, int scale) {
        long started = System.nanoTime();
        long customers = CUSTOMERS * scale;
        long orders = ORDERS * scale;
        long events = EVENTS * scale;
        db.execute("SELECT setseed(0.42)",
                String.format(Locale.ROOT, """
                        INSERT INTO customers
                        SELECT g, 'customer' || g || '@' || (ARRAY['example.com','mail.test','shop.example'])[1 + g %% 3],
                               (ARRAY['Ada','Grace','Linus','Barbara','Edsger','Frances','Donald','Margaret'])[1 + g %% 8]
                                   || ' ' || initcap(substr(md5(g::text), 1, 4 + (g %% 7)::int)),
                               timestamptz '2019-01-01 00:00Z' + random() * interval '1800 days',
                               jsonb_build_object('tier', (ARRAY['free','pro','team'])[1 + g %% 3],
                                   'newsletter', random() < 0.3, 'score', floor(random() * 1000)::int,
                                   'tags', jsonb_build_array('t' || floor(random() * 40)::int, 't' || g %% 17),
                                   'locale', (ARRAY['en-GB','de-DE','fr-FR','nl-NL'])[1 + g %% 4])
                        FROM generate_series(1, %d) g""", customers),
                String.format(Locale.ROOT, """
                        INSERT INTO orders
                        SELECT g, 1 + floor(random() * %d)::bigint,
                               (ARRAY['new','paid','shipped','delivered','refunded'])[1 + floor(random() * 5)::int],
                               round((random() * 500 + 1)::numeric, 2),
                               timestamptz '2021-01-01 00:00Z' + random() * interval '1000 days',
                               CASE WHEN random() < 0.25 THEN 'Leave at the door, ref ' || md5(g::text) END
                        FROM generate_series(1, %d) g""", customers, orders),
                String.format(Locale.ROOT, """
                        INSERT INTO events
                        SELECT g, 1 + floor(random() * %d)::bigint,
                               (ARRAY['created','paid','packed','shipped','delivered','refund_requested'])[1 + g %% 6],
                               timestamptz '2021-01-01 00:00Z' + random() * interval '1000 days',
                               jsonb_build_object('ip', '10.' || floor(random() * 256)::int || '.'
                                       || floor(random() * 256)::int || '.' || floor(random() * 256)::int,
                                   'agent', 'Mozilla/5.0 (X11; Linux x86_64) shop-client/' || (1 + g %% 40),
                                   'amount', round((random() * 500)::numeric, 2),
                                   'trace', md5(random()::text), 'attempt', 1 + g %% 3)
                        FROM generate_series(1, %d) g""", orders, events),
                "ALTER TABLE customers ADD PRIMARY KEY (id)",
                "CREATE UNIQUE INDEX customers_email ON customers (email)",
                "ALTER TABLE orders ADD PRIMARY KEY (id)",
                "ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers",
                "CREATE INDEX orders_customer ON orders (customer_id)",
                "CREATE INDEX orders_placed_at ON orders (placed_at)",
                "ALTER TABLE events ADD PRIMARY KEY (id)",
                "ALTER TABLE events ADD FOREIGN KEY (order_id) REFERENCES orders",
                "CREATE INDEX events_order ON events (order_id)",
                "VACUUM ANALYZE");
        long nanos = System.nanoTime() - started;
        return new Facts(customers, orders, events, db.queryLong("SELECT pg_database_size(current_database())"), nanos);
    }
}
