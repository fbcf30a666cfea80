ALTER TABLE orders RENAME COLUMN total_cents TO total_amount_cents;
CREATE OR REPLACE VIEW order_totals AS
SELECT o.id AS order_id, o.customer_id, sum(i.quantity * i.unit_price_cents) AS items_cents
FROM orders o JOIN order_items i ON i.order_id = o.id
GROUP BY o.id, o.customer_id;
