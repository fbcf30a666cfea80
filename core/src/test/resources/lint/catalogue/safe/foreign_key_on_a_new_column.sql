-- instead of: constraint-without-not-valid
ALTER TABLE order_items ADD COLUMN replaced_product_id bigint REFERENCES products (id);
