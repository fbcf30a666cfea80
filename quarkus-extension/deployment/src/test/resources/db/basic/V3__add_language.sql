ALTER TABLE greeting ADD COLUMN language VARCHAR(10);
UPDATE greeting SET language = 'en';
