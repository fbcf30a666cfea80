INSERT INTO app_user (id, name) VALUES (1, 'ada');
