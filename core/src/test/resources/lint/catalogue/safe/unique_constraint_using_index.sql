-- instead of: index-without-concurrently
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS products_sku_idx ON products (sku);
-- next migration
ALTER TABLE products ADD CONSTRAINT products_sku_key UNIQUE USING INDEX products_sku_idx;
