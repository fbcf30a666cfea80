CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    owner text NOT NULL,
    balance_cents bigint NOT NULL DEFAULT 0
);
INSERT INTO accounts (id, owner, balance_cents)
SELECT g, 'owner ' || g, g * 100 FROM generate_series(1, 10000) AS g;
