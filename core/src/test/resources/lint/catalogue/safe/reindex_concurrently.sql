-- instead of: reindex-without-concurrently
-- conf: executeInTransaction=false
REINDEX INDEX CONCURRENTLY events_at_idx;
