CREATE TABLE permissions (code text PRIMARY KEY);
CREATE TABLE role_permissions (
    role_code text NOT NULL REFERENCES roles (code) ON DELETE CASCADE,
    permission_code text NOT NULL REFERENCES permissions (code),
    PRIMARY KEY (role_code, permission_code)
);
INSERT INTO permissions (code) VALUES ('orders.read'), ('orders.write'), ('refunds.create'),
    ('inventory.adjust'), ('customers.read'), ('customers.write');
INSERT INTO role_permissions SELECT 'admin', code FROM permissions;
INSERT INTO role_permissions VALUES ('support', 'orders.read'), ('support', 'customers.read'),
    ('warehouse', 'inventory.adjust'), ('finance', 'refunds.create');
