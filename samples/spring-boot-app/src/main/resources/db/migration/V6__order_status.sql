-- A constant default: PostgreSQL 11 and later add the column without rewriting the table.
ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'placed';
-- NOT VALID takes only a brief lock; VALIDATE then checks existing rows without blocking writes.
ALTER TABLE orders ADD CONSTRAINT orders_status_known
    CHECK (status IN ('placed', 'paid', 'shipped', 'cancelled')) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_status_known;
