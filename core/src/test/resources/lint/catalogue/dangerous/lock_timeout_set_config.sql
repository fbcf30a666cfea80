-- expect: lock-timeout-zero -
SELECT set_config('lock_timeout', '0', true);
ALTER TABLE customers ADD COLUMN nickname text;
