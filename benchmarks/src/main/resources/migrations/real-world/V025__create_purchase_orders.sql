CREATE TABLE purchase_orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    supplier_id integer NOT NULL REFERENCES suppliers (id),
    warehouse_id integer NOT NULL REFERENCES warehouses (id),
    ordered_at timestamptz NOT NULL DEFAULT now(),
    received_at timestamptz
);
CREATE INDEX purchase_orders_supplier_idx ON purchase_orders (supplier_id);
