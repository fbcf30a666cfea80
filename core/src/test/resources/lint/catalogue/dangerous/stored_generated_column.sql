-- expect: volatile-default products
ALTER TABLE products ADD COLUMN price_eur numeric GENERATED ALWAYS AS (price_cents / 100.0) STORED;
