CREATE TABLE orders (id bigint PRIMARY KEY);
INSERT INTO no_such_table VALUES (1);
