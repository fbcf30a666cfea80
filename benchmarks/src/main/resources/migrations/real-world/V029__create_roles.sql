CREATE TABLE roles (code text PRIMARY KEY, title text NOT NULL);
CREATE TABLE staff_roles (
    staff_id integer NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    role_code text NOT NULL REFERENCES roles (code),
    PRIMARY KEY (staff_id, role_code)
);
INSERT INTO roles (code, title) VALUES ('admin', 'Administrator'), ('support', 'Support'),
    ('warehouse', 'Warehouse'), ('finance', 'Finance');
