CREATE TABLE order_statuses (code text PRIMARY KEY, title text NOT NULL, final boolean NOT NULL);
INSERT INTO order_statuses (code, title, final) VALUES
    ('new', 'New', false), ('paid', 'Paid', false), ('shipped', 'Shipped', false),
    ('delivered', 'Delivered', true), ('cancelled', 'Cancelled', true);
