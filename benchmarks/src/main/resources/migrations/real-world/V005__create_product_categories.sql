CREATE TABLE product_categories (
    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    category_id integer NOT NULL REFERENCES categories (id),
    PRIMARY KEY (product_id, category_id)
);
CREATE INDEX product_categories_category_idx ON product_categories (category_id);
