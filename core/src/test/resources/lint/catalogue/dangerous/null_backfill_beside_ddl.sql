-- expect: whole-table-write-with-ddl products
ALTER TABLE products ADD COLUMN weight_grams integer;
UPDATE products SET weight_grams = 100 WHERE weight_grams IS NULL;
