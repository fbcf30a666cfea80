-- instead of: rewrite-under-exclusive-lock
ALTER TABLE products ALTER COLUMN title TYPE varchar(200);
