CREATE TABLE categories (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id integer REFERENCES categories (id),
    slug text NOT NULL UNIQUE,
    title text NOT NULL
);
