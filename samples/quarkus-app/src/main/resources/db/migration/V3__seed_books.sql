INSERT INTO author (id, name) VALUES (1, 'Ursula K. Le Guin'), (2, 'Italo Calvino');
INSERT INTO book (title, author_id) VALUES
    ('The Dispossessed', 1),
    ('The Left Hand of Darkness', 1),
    ('Invisible Cities', 2);
-- The authors above were given their ids: new ones continue after them.
ALTER TABLE author ALTER COLUMN id RESTART WITH 3;
