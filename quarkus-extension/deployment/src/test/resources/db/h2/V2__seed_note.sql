INSERT INTO note (id, text) VALUES (1, 'kept in H2');
