-- expect: concurrently-in-transaction orders
REINDEX TABLE CONCURRENTLY orders;
