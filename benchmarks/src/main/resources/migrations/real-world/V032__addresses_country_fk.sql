ALTER TABLE addresses ADD CONSTRAINT addresses_country_fk FOREIGN KEY (country_code)
    REFERENCES countries (code) NOT VALID;
ALTER TABLE addresses VALIDATE CONSTRAINT addresses_country_fk;
