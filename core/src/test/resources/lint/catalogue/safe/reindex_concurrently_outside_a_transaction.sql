-- instead of: concurrently-in-transaction
-- conf: executeInTransaction=false
REINDEX TABLE CONCURRENTLY orders;
