CREATE TABLE refunds (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payment_id bigint NOT NULL REFERENCES payments (id),
    amount_cents bigint NOT NULL CHECK (amount_cents > 0),
    reason text,
    created_by integer REFERENCES staff_users (id),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refunds_payment_idx ON refunds (payment_id);
