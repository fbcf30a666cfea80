-- expect: rename-table products
CREATE SCHEMA archive;
ALTER TABLE products SET SCHEMA archive;
