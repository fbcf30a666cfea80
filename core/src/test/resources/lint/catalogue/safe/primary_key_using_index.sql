-- instead of: index-without-concurrently
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS events_id_idx ON events (id);
-- next migration
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_id_idx;
