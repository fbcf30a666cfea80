-- expect: constraint-without-not-valid customers
ALTER TABLE customers ADD CONSTRAINT customers_phone_not_null CHECK (phone IS NOT NULL) NOT VALID;
ALTER TABLE customers VALIDATE CONSTRAINT customers_phone_not_null;
ALTER TABLE customers ALTER COLUMN phone SET NOT NULL;
