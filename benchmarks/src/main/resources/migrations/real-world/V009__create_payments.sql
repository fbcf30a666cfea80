CREATE TABLE payments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id),
    provider text NOT NULL,
    provider_ref text NOT NULL,
    amount_cents bigint NOT NULL,
    captured_at timestamptz,
    UNIQUE (provider, provider_ref)
);
CREATE INDEX payments_order_idx ON payments (order_id);
