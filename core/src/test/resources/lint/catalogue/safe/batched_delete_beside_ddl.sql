-- instead of: whole-table-write-with-ddl
ALTER TABLE audit_log ADD COLUMN level text;
DELETE FROM audit_log WHERE id <= 100;
