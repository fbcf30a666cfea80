CREATE TABLE customers (id bigint NOT NULL, email text NOT NULL, name text NOT NULL,
    created_at timestamptz NOT NULL, attributes jsonb NOT NULL);
CREATE TABLE orders (id bigint NOT NULL, customer_id bigint NOT NULL, status text NOT NULL,
    total numeric(12,2) NOT NULL, placed_at timestamptz NOT NULL, note text);
CREATE TABLE events (id bigint NOT NULL, order_id bigint NOT NULL, kind text NOT NULL,
    at timestamptz NOT NULL, payload jsonb NOT NULL);
