CREATE TABLE price_history (
    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    valid_from timestamptz NOT NULL,
    price_cents integer NOT NULL,
    PRIMARY KEY (product_id, valid_from)
);
INSERT INTO price_history SELECT id, created_at, price_cents FROM products;
