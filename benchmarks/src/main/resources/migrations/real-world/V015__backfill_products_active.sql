UPDATE products SET active = true WHERE active IS NULL;
ALTER TABLE products ALTER COLUMN active SET DEFAULT true;
ALTER TABLE products ALTER COLUMN active SET NOT NULL;
