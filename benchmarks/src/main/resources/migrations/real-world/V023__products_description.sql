ALTER TABLE products ADD COLUMN description text;
ALTER TABLE products ADD COLUMN weight_grams integer;
