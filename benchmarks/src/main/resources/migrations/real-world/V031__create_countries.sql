CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL, eu boolean NOT NULL DEFAULT false);
INSERT INTO countries (code, name, eu) VALUES ('NL', 'Netherlands', true), ('DE', 'Germany', true),
    ('PL', 'Poland', true), ('FR', 'France', true), ('BE', 'Belgium', true), ('GB', 'United Kingdom', false),
    ('US', 'United States', false), ('CH', 'Switzerland', false), ('AT', 'Austria', true),
    ('ES', 'Spain', true), ('IT', 'Italy', true), ('SE', 'Sweden', true);
