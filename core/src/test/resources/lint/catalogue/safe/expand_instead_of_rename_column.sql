-- instead of: rename-column
ALTER TABLE orders ADD COLUMN remark text;
