-- Nullable and without a default: adding it takes no table rewrite.
ALTER TABLE book ADD COLUMN published_year INTEGER;
UPDATE book SET published_year = 1974 WHERE title = 'The Dispossessed';
UPDATE book SET published_year = 1969 WHERE title = 'The Left Hand of Darkness';
UPDATE book SET published_year = 1972 WHERE title = 'Invisible Cities';
