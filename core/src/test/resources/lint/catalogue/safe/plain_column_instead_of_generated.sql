-- instead of: volatile-default
ALTER TABLE products ADD COLUMN price_eur numeric;
