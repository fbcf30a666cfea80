-- expect: reindex-without-concurrently orders
REINDEX TABLE orders;
