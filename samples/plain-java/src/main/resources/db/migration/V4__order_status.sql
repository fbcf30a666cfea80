-- A constant default: PostgreSQL 11 and later add the column without rewriting the table.
ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'placed';
