-- expect: whole-table-write-with-ddl audit_log
DELETE FROM audit_log;
ALTER TABLE audit_log ADD COLUMN level text;
