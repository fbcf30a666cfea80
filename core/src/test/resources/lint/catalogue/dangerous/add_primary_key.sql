-- expect: index-without-concurrently events
ALTER TABLE events ADD PRIMARY KEY (id);
