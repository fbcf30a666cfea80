-- expect: volatile-default customers
ALTER TABLE customers ADD COLUMN seen_at timestamptz NOT NULL DEFAULT clock_timestamp();
