INSERT INTO tags (label) SELECT 'tag-' || g FROM generate_series(1, 50) AS g;
INSERT INTO product_tags (product_id, tag_id) SELECT p.id, (p.id % 50) + 1 FROM products p WHERE p.id % 3 = 0;
