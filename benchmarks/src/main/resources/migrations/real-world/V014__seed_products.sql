INSERT INTO products (sku, title, price_cents, active)
SELECT 'SKU-' || lpad(g::text, 6, '0'), 'Product ' || g, (g * 37) % 10000, CASE WHEN g % 10 = 0 THEN NULL ELSE true END
FROM generate_series(1, 2000) AS g;
INSERT INTO product_categories (product_id, category_id)
SELECT p.id, (p.id % 40) + 1 FROM products p;
