CREATE TABLE email_templates (code text PRIMARY KEY, subject text NOT NULL, body text NOT NULL);
INSERT INTO email_templates VALUES
    ('order_placed', 'Thank you for your order', 'Hello {{name}}, we received order {{order}}.'),
    ('order_shipped', 'Your order is on its way', 'Tracking code: {{tracking}}.'),
    ('password_reset', 'Reset your password', 'Use this link: {{link}}.');
