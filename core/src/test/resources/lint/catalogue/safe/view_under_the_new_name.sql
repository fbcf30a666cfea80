-- instead of: rename-table
CREATE VIEW audit_entries AS SELECT id, message FROM audit_log;
