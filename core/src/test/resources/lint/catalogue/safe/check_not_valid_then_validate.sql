-- instead of: constraint-without-not-valid
ALTER TABLE orders ADD CONSTRAINT orders_total_nonnegative CHECK (total >= 0) NOT VALID;
-- next migration
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_nonnegative;
