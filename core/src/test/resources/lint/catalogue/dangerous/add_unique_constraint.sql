-- expect: index-without-concurrently products
ALTER TABLE products ADD CONSTRAINT products_sku_key UNIQUE (sku);
