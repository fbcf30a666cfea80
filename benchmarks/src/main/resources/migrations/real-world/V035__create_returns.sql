CREATE TABLE returns (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id),
    line_no integer NOT NULL,
    quantity integer NOT NULL,
    received_at timestamptz,
    FOREIGN KEY (order_id, line_no) REFERENCES order_items (order_id, line_no)
);
