INSERT INTO books (title, author, published_year) VALUES
    ('Invisible Cities', 'Italo Calvino', 1972),
    ('If on a winter''s night a traveler', 'Italo Calvino', 1979),
    ('The Left Hand of Darkness', 'Ursula K. Le Guin', 1969);
