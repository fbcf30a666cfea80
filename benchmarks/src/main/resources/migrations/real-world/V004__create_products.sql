CREATE TABLE products (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku text NOT NULL UNIQUE,
    title text NOT NULL,
    price_cents integer NOT NULL CHECK (price_cents >= 0),
    currency char(3) NOT NULL DEFAULT 'EUR',
    active boolean,
    created_at timestamptz NOT NULL DEFAULT now()
);
