-- instead of: volatile-default
CREATE SEQUENCE audit_log_seq;
ALTER TABLE audit_log ADD COLUMN seq bigint;
ALTER TABLE audit_log ALTER COLUMN seq SET DEFAULT nextval('audit_log_seq');
