-- instead of: rewrite-under-exclusive-lock
ALTER TABLE orders ADD COLUMN total_cents bigint;
