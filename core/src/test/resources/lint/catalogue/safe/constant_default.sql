-- instead of: volatile-default
ALTER TABLE customers ADD COLUMN active boolean NOT NULL DEFAULT true;
