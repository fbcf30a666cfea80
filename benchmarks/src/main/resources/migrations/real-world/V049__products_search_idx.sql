CREATE INDEX products_title_lower_idx ON products (lower(title) text_pattern_ops);
