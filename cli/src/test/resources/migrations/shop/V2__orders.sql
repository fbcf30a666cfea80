CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), total numeric(12, 2));
CREATE INDEX orders_by_customer ON orders (customer_id);
