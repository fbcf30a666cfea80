-- The tables the catalogue's migrations endanger, with rows: each case is linted against this applied schema.
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, name text, phone text,
    created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status varchar(20),
    total numeric(10, 2) NOT NULL DEFAULT 0, note text, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE products (id bigint PRIMARY KEY, sku text NOT NULL, title varchar(100) NOT NULL,
    price_cents integer NOT NULL);
CREATE TABLE order_items (order_id bigint NOT NULL, line_no integer NOT NULL, product_id bigint NOT NULL,
    quantity integer NOT NULL, PRIMARY KEY (order_id, line_no));
CREATE TABLE events (id bigint NOT NULL, kind text, payload text, at timestamptz NOT NULL DEFAULT now());
CREATE INDEX events_at_idx ON events (at);
CREATE TABLE audit_log (id bigint PRIMARY KEY, message text);
CREATE TABLE legacy_notes (id bigint PRIMARY KEY, body text);

INSERT INTO customers (id, email, name, phone) SELECT g, 'c' || g || '@example.invalid', 'Customer ' || g, '555-' || g
FROM generate_series(1, 2000) AS g;
INSERT INTO orders (id, customer_id, status, total, note) SELECT g, (g % 2000) + 1, 'new', g % 500, NULL
FROM generate_series(1, 2000) AS g;
INSERT INTO products (id, sku, title, price_cents) SELECT g, 'SKU-' || g, 'Product ' || g, g * 10
FROM generate_series(1, 2000) AS g;
INSERT INTO order_items SELECT g, 1, (g % 2000) + 1, 1 FROM generate_series(1, 2000) AS g;
INSERT INTO events (id, kind, payload) SELECT g, 'kind-' || (g % 7), 'payload ' || g FROM generate_series(1, 2000) AS g;
INSERT INTO audit_log SELECT g, 'entry ' || g FROM generate_series(1, 2000) AS g;
INSERT INTO legacy_notes SELECT g, 'note ' || g FROM generate_series(1, 2000) AS g;
