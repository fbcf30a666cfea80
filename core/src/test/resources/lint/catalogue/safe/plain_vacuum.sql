-- instead of: vacuum-full
VACUUM (ANALYZE) orders;
