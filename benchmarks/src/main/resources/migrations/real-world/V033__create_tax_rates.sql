CREATE TABLE tax_rates (
    country_code char(2) NOT NULL REFERENCES countries (code),
    valid_from date NOT NULL,
    rate numeric(5, 2) NOT NULL,
    PRIMARY KEY (country_code, valid_from)
);
INSERT INTO tax_rates SELECT code, DATE '2020-01-01', CASE WHEN eu THEN 21.00 ELSE 0 END FROM countries;
