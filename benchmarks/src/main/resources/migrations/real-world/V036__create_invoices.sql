CREATE SEQUENCE invoice_number_seq START 100000;
CREATE TABLE invoices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number bigint NOT NULL UNIQUE DEFAULT nextval('invoice_number_seq'),
    order_id bigint NOT NULL REFERENCES orders (id),
    issued_at timestamptz NOT NULL DEFAULT now(),
    total_cents bigint NOT NULL,
    tax_cents bigint NOT NULL
);
CREATE TABLE invoice_lines (
    invoice_id bigint NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    line_no integer NOT NULL,
    description text NOT NULL,
    amount_cents bigint NOT NULL,
    PRIMARY KEY (invoice_id, line_no)
);
