-- expect: concurrently-in-transaction orders
ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
CREATE INDEX CONCURRENTLY orders_shipped_idx ON orders (shipped_at);
