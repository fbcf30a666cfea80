-- expect: lock-table orders
LOCK TABLE orders IN ACCESS EXCLUSIVE MODE;
UPDATE orders SET note = 'checked' WHERE id = 1;
