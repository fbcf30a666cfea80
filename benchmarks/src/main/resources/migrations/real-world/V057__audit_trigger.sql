CREATE FUNCTION audit_order_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO audit_log (actor, action, entity, entity_id, details)
        VALUES (current_user, 'status', 'order', NEW.id,
                jsonb_build_object('from', OLD.status, 'to', NEW.status));
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER orders_status_audit AFTER UPDATE OF status ON orders
    FOR EACH ROW EXECUTE FUNCTION audit_order_status();
