CREATE INDEX orders_open_idx ON orders (placed_at) WHERE status NOT IN ('delivered', 'cancelled');
