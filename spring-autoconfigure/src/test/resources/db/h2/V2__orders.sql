CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id));
CREATE INDEX orders_by_customer ON orders (customer_id);
