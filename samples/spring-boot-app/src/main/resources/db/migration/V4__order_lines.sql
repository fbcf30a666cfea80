CREATE TABLE order_lines (
    order_id         bigint  NOT NULL REFERENCES orders (id),
    line             integer NOT NULL,
    product_id       bigint  NOT NULL REFERENCES products (id),
    quantity         integer NOT NULL CHECK (quantity > 0),
    unit_price_cents bigint  NOT NULL,
    PRIMARY KEY (order_id, line)
);
