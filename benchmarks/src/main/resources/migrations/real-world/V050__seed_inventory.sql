INSERT INTO inventory (product_id, warehouse_id, on_hand)
SELECT p.id, w.id, (p.id * w.id) % 250 FROM products p CROSS JOIN warehouses w;
