-- instead of: lock-timeout-zero
SELECT set_config('lock_timeout', '3s', true);
ALTER TABLE customers ADD COLUMN nickname text;
