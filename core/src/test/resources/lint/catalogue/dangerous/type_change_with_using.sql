-- expect: rewrite-under-exclusive-lock events
ALTER TABLE events ALTER COLUMN kind TYPE varchar(40) USING upper(kind);
