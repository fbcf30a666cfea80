CREATE TABLE suppliers (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    country_code char(2) NOT NULL,
    contact_email text
);
CREATE TABLE product_suppliers (
    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    supplier_id integer NOT NULL REFERENCES suppliers (id),
    cost_cents integer NOT NULL,
    PRIMARY KEY (product_id, supplier_id)
);
