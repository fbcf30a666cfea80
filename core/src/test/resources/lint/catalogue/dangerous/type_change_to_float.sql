-- expect: rewrite-under-exclusive-lock orders
ALTER TABLE orders ALTER COLUMN total TYPE double precision;
