CREATE TABLE carts (
    id uuid PRIMARY KEY,
    customer_id bigint REFERENCES customers (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE TABLE cart_items (
    cart_id uuid NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    product_id bigint NOT NULL REFERENCES products (id),
    quantity integer NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (cart_id, product_id)
);
CREATE INDEX carts_expires_idx ON carts (expires_at);
