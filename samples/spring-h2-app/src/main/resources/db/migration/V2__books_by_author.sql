CREATE INDEX books_by_author ON books (author);
