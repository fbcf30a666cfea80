CREATE TABLE customers (id bigint PRIMARY KEY, name varchar(200) NOT NULL);
