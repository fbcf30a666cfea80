CREATE TABLE staff_users (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login text NOT NULL UNIQUE,
    display_name text NOT NULL,
    disabled boolean NOT NULL DEFAULT false
);
