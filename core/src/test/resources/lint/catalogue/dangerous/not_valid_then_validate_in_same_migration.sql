-- expect: constraint-without-not-valid order_items
ALTER TABLE order_items ADD CONSTRAINT order_items_product_fk FOREIGN KEY (product_id) REFERENCES products (id)
    NOT VALID;
ALTER TABLE order_items VALIDATE CONSTRAINT order_items_product_fk;
