ALTER TABLE orders ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR';
ALTER TABLE orders ADD CONSTRAINT orders_total_nonnegative CHECK (total_cents >= 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_nonnegative;
