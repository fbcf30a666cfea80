-- expect: lock-timeout-zero -
RESET lock_timeout;
ALTER TABLE customers ADD COLUMN nickname text;
