-- instead of: any rule (what looks dangerous sits in strings, a function body and comments)
CREATE FUNCTION touch_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.note := 'SET lock_timeout = 0; DROP TABLE orders;';
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION touch_note() IS 'never ALTER TABLE orders ALTER COLUMN total TYPE float; here';
/* CREATE INDEX orders_note_idx ON orders (note); /* nested */ VACUUM FULL orders; */
CREATE TRIGGER orders_touch_note BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch_note();
