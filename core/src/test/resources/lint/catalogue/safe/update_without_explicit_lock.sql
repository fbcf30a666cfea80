-- instead of: lock-table
UPDATE orders SET note = 'checked' WHERE id = 1;
