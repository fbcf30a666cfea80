-- expect: lock-timeout-zero -
SET lock_timeout = 0;
ALTER TABLE customers ADD COLUMN nickname text;
