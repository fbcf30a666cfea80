CREATE VIEW low_stock AS
SELECT i.product_id, p.sku, sum(i.on_hand - i.reserved) AS available
FROM inventory i JOIN products p ON p.id = i.product_id
GROUP BY i.product_id, p.sku
HAVING sum(i.on_hand - i.reserved) < 20;
