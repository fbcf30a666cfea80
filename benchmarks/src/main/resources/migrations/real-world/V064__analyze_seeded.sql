ANALYZE products;
ANALYZE inventory;
