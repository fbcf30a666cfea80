-- instead of: rewrite-under-exclusive-lock
ALTER TABLE orders ALTER COLUMN total TYPE numeric(12, 2);
