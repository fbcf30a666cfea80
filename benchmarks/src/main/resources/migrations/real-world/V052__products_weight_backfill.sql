UPDATE products SET weight_grams = 100 + (id % 50) * 20 WHERE weight_grams IS NULL;
