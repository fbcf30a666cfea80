-- expect: rewrite-under-exclusive-lock products
ALTER TABLE products ALTER COLUMN title TYPE varchar(50);
