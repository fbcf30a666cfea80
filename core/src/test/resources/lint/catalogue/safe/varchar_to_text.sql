-- instead of: rewrite-under-exclusive-lock
ALTER TABLE orders ALTER COLUMN status TYPE text;
