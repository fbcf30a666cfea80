-- instead of: set-not-null-without-check
ALTER TABLE orders ADD CONSTRAINT orders_status_not_null CHECK (status IS NOT NULL) NOT VALID;
-- next migration
ALTER TABLE orders VALIDATE CONSTRAINT orders_status_not_null;
-- next migration
ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
ALTER TABLE orders DROP CONSTRAINT orders_status_not_null;
