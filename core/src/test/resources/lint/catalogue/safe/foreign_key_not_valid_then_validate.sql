-- instead of: constraint-without-not-valid
ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
-- next migration
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
