-- instead of: concurrently-in-transaction
ALTER TABLE orders ADD COLUMN shipped_at timestamptz;
-- next migration
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_shipped_idx ON orders (shipped_at);
