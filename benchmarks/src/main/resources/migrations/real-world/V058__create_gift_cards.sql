CREATE TABLE gift_cards (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code_hash bytea NOT NULL UNIQUE,
    balance_cents bigint NOT NULL CHECK (balance_cents >= 0),
    expires_on date
);
