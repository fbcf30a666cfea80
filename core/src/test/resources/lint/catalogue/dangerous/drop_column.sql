-- expect: drop-column customers
ALTER TABLE customers DROP COLUMN phone;
