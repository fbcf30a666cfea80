-- CONCURRENTLY does not block writers; Flyway runs this migration outside a transaction. Lockstep's session-level
-- lock is what lets several replicas start together on it without deadlocking.
CREATE INDEX CONCURRENTLY book_title_idx ON book (title);
