CREATE TABLE subscriptions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    plan_code text NOT NULL REFERENCES plans (code),
    started_at timestamptz NOT NULL DEFAULT now(),
    cancelled_at timestamptz
);
CREATE UNIQUE INDEX subscriptions_one_active_idx ON subscriptions (customer_id) WHERE cancelled_at IS NULL;
