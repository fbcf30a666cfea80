-- expect: set-not-null-without-check orders
ALTER TABLE orders ALTER COLUMN status SET NOT NULL;
