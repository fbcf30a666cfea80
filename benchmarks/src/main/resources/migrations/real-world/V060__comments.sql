COMMENT ON TABLE orders IS 'One order per checkout; status changes are audited.';
COMMENT ON TABLE inventory IS 'Stock per product and warehouse.';
COMMENT ON COLUMN orders.total_amount_cents IS 'Sum of the items, after coupons, in the order currency.';
