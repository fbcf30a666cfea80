-- expect: rename-column orders
ALTER TABLE orders RENAME COLUMN note TO remark;
