-- instead of: volatile-default
ALTER TABLE customers ADD COLUMN seen_at timestamptz NOT NULL DEFAULT now();
