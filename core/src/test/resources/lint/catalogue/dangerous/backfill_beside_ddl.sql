-- expect: whole-table-write-with-ddl orders
ALTER TABLE orders ADD COLUMN priority integer;
UPDATE orders SET priority = 0;
