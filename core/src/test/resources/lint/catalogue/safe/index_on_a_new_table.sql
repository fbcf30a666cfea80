-- instead of: index-without-concurrently
CREATE TABLE shipments (id bigint PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id));
CREATE INDEX shipments_order_idx ON shipments (order_id);
UPDATE shipments SET order_id = order_id;
