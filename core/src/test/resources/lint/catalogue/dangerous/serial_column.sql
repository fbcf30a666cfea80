-- expect: volatile-default audit_log
ALTER TABLE audit_log ADD COLUMN seq bigserial;
