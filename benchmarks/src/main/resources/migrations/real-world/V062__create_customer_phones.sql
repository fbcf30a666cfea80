CREATE TABLE customer_phones (
    customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('mobile', 'home', 'work')),
    number text NOT NULL,
    PRIMARY KEY (customer_id, kind)
);
