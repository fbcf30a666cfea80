-- expect: rewrite-under-exclusive-lock audit_log
ALTER TABLE audit_log SET UNLOGGED;
