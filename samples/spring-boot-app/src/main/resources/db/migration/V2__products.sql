CREATE TABLE products (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku         text   NOT NULL UNIQUE,
    name        text   NOT NULL,
    price_cents bigint NOT NULL CHECK (price_cents >= 0)
);
INSERT INTO products (sku, name, price_cents) VALUES
    ('LS-MUG', 'Lockstep mug', 1200),
    ('LS-TEE', 'Lockstep T-shirt', 2500);
