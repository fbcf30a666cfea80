CREATE INDEX CONCURRENTLY book_author_idx ON book (author_id);
