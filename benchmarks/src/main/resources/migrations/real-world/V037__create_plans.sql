CREATE TABLE plans (code text PRIMARY KEY, monthly_cents integer NOT NULL, active boolean NOT NULL DEFAULT true);
INSERT INTO plans VALUES ('basic', 900, true), ('plus', 1900, true), ('pro', 4900, true), ('legacy', 500, false);
