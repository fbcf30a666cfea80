CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
INSERT INTO settings (key, value) VALUES ('currency.default', 'EUR'), ('orders.max_items', '100'),
    ('support.email', 'support@example.invalid');
