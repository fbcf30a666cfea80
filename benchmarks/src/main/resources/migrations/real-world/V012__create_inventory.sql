CREATE TABLE inventory (
    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    warehouse_id integer NOT NULL REFERENCES warehouses (id),
    on_hand integer NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    reserved integer NOT NULL DEFAULT 0,
    PRIMARY KEY (product_id, warehouse_id)
);
