CREATE TABLE coupons (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE,
    percent_off integer CHECK (percent_off BETWEEN 1 AND 100),
    valid_from date NOT NULL,
    valid_until date,
    CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
