CREATE TABLE addresses (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    line1 text NOT NULL,
    line2 text,
    city text NOT NULL,
    postal_code text NOT NULL,
    country_code char(2) NOT NULL,
    is_default boolean NOT NULL DEFAULT false
);
CREATE INDEX addresses_customer_idx ON addresses (customer_id);
