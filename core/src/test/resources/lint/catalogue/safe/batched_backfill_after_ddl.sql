-- instead of: whole-table-write-with-ddl
ALTER TABLE orders ADD COLUMN priority integer;
-- next migration
UPDATE orders SET priority = 0 WHERE id BETWEEN 1 AND 1000;
-- next migration
UPDATE orders SET priority = 0 WHERE id BETWEEN 1001 AND 2000;
