INSERT INTO categories (slug, title)
SELECT 'category-' || g, 'Category ' || g FROM generate_series(1, 40) AS g;
UPDATE categories SET parent_id = (id - 1) / 8 + 1 WHERE id > 8;
