-- expect: rename-table audit_log
ALTER TABLE audit_log RENAME TO audit_entries;
