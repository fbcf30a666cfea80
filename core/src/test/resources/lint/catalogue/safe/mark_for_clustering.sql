-- instead of: cluster
ALTER TABLE events CLUSTER ON events_at_idx;
