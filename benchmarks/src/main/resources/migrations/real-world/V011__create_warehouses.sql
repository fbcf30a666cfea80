CREATE TABLE warehouses (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code text NOT NULL UNIQUE,
    city text NOT NULL
);
INSERT INTO warehouses (code, city) VALUES ('ams1', 'Amsterdam'), ('fra1', 'Frankfurt'),
    ('waw1', 'Warsaw');
