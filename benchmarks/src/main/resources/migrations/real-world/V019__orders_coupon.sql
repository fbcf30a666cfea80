ALTER TABLE orders ADD COLUMN coupon_id integer REFERENCES coupons (id);
CREATE INDEX orders_coupon_idx ON orders (coupon_id) WHERE coupon_id IS NOT NULL;
