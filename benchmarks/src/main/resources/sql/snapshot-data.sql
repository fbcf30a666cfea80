-- The rows of the snapshot section's database, generated server-side; the benchmark replaces :customers, :orders
-- and :events with the row counts for its scale, and runs the statements one by one (they end with a semicolon at
-- the end of a line). The fixed seed makes every run dump the same data.
SELECT setseed(0.42);

INSERT INTO customers
SELECT g, 'customer' || g || '@' || (ARRAY['example.com','mail.test','shop.example'])[1 + g % 3],
       (ARRAY['Ada','Grace','Linus','Barbara','Edsger','Frances','Donald','Margaret'])[1 + g % 8]
           || ' ' || initcap(substr(md5(g::text), 1, 4 + (g % 7)::int)),
       timestamptz '2019-01-01 00:00Z' + random() * interval '1800 days',
       jsonb_build_object('tier', (ARRAY['free','pro','team'])[1 + g % 3],
           'newsletter', random() < 0.3, 'score', floor(random() * 1000)::int,
           'tags', jsonb_build_array('t' || floor(random() * 40)::int, 't' || g % 17),
           'locale', (ARRAY['en-GB','de-DE','fr-FR','nl-NL'])[1 + g % 4])
FROM generate_series(1, :customers) g;

INSERT INTO orders
SELECT g, 1 + floor(random() * :customers)::bigint,
       (ARRAY['new','paid','shipped','delivered','refunded'])[1 + floor(random() * 5)::int],
       round((random() * 500 + 1)::numeric, 2),
       timestamptz '2021-01-01 00:00Z' + random() * interval '1000 days',
       CASE WHEN random() < 0.25 THEN 'Leave at the door, ref ' || md5(g::text) END
FROM generate_series(1, :orders) g;

INSERT INTO events
SELECT g, 1 + floor(random() * :orders)::bigint,
       (ARRAY['created','paid','packed','shipped','delivered','refund_requested'])[1 + g % 6],
       timestamptz '2021-01-01 00:00Z' + random() * interval '1000 days',
       jsonb_build_object('ip', '10.' || floor(random() * 256)::int || '.'
               || floor(random() * 256)::int || '.' || floor(random() * 256)::int,
           'agent', 'Mozilla/5.0 (X11; Linux x86_64) shop-client/' || (1 + g % 40),
           'amount', round((random() * 500)::numeric, 2),
           'trace', md5(random()::text), 'attempt', 1 + g % 3)
FROM generate_series(1, :events) g;

ALTER TABLE customers ADD PRIMARY KEY (id);
CREATE UNIQUE INDEX customers_email ON customers (email);
ALTER TABLE orders ADD PRIMARY KEY (id);
ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;
CREATE INDEX orders_customer ON orders (customer_id);
CREATE INDEX orders_placed_at ON orders (placed_at);
ALTER TABLE events ADD PRIMARY KEY (id);
ALTER TABLE events ADD FOREIGN KEY (order_id) REFERENCES orders;
CREATE INDEX events_order ON events (order_id);
VACUUM ANALYZE;
