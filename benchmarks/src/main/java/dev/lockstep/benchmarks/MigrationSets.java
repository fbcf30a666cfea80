package dev.lockstep.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The migration sets the benchmark applies, written into temporary directories and used through Flyway
 * {@code filesystem:} locations, so that Lockstep and plain Flyway read exactly the same files.
 */
final class MigrationSets {
    private MigrationSets() {}

    /** A directory of migrations and the Flyway location that points at it. */
    record MigrationSet(String name, Path directory, int count) {
        String location() {
            return "filesystem:" + directory.toAbsolutePath();
        }
    }

    private record Script(String name, String sql) {}

    /** {@code count} trivial migrations: V1 creates a table, every later one inserts a row into it. */
    static MigrationSet trivial(Path root, int count) {
        Path dir = directory(root, "trivial-" + count);
        write(dir, String.format(Locale.ROOT, "V%04d__create_trivial_log.sql", 1),
                "CREATE TABLE trivial_log (n integer PRIMARY KEY, noted_at timestamptz NOT NULL DEFAULT now());\n");
        for (int n = 2; n <= count; n++) {
            write(dir, String.format(Locale.ROOT, "V%04d__trivial_step_%d.sql", n, n),
                    "INSERT INTO trivial_log (n) VALUES (" + n + ");\n");
        }
        return new MigrationSet(count + " trivial", dir, count);
    }

    /** Two migrations for the point-read scenario: a table with rows (V1) and an ALTER on it (V2). */
    static MigrationSet pointRead(Path root) {
        Path dir = directory(root, "point-read");
        write(dir, "V1__accounts.sql", """
                CREATE TABLE accounts (
                    id bigint PRIMARY KEY,
                    owner text NOT NULL,
                    balance_cents bigint NOT NULL DEFAULT 0
                );
                INSERT INTO accounts (id, owner, balance_cents)
                SELECT g, 'owner ' || g, g * 100 FROM generate_series(1, 10000) AS g;
                """);
        write(dir, "V2__accounts_note.sql", "ALTER TABLE accounts ADD COLUMN note text;\n");
        return new MigrationSet("point-read", dir, 2);
    }

    /**
     * About 60 migrations shaped like a real service's history: tables with keys, foreign keys and checks,
     * indexes (partial, expression, GIN), reference data, backfills, a trigger function, views.
     */
    static MigrationSet realWorld(Path root) {
        Path dir = directory(root, "real-world");
        List<Script> scripts = realWorldScripts();
        for (int i = 0; i < scripts.size(); i++) {
            write(dir, String.format(Locale.ROOT, "V%03d__%s.sql", i + 1, scripts.get(i).name()), scripts.get(i).sql());
        }
        return new MigrationSet("real-world " + scripts.size(), dir, scripts.size());
    }

    /**
     * {@code count} migrations made of the real-world set applied again and again, each copy in a schema of its own
     * ({@code rw_1}, {@code rw_2}, ...; every script sets its transaction's search_path there): the size
     * of a long-lived service's history, with the real-world set's mix of statements.
     */
    static MigrationSet realWorldCopies(Path root, int count) {
        Path dir = directory(root, "real-world-copies-" + count);
        List<Script> scripts = realWorldScripts();
        for (int i = 0; i < count; i++) {
            int copy = i / scripts.size() + 1;
            Script script = scripts.get(i % scripts.size());
            String schema = i % scripts.size() == 0 ? "CREATE SCHEMA rw_" + copy + ";\n" : "";
            write(dir, String.format(Locale.ROOT, "V%04d__%s_%d.sql", i + 1, script.name(), copy),
                    schema + "SET LOCAL search_path TO rw_" + copy + ";\n" + script.sql());
        }
        return new MigrationSet("real-world, " + count, dir, count);
    }

    private static List<Script> realWorldScripts() {
        List<Script> s = new ArrayList<>();
        s.add(new Script("create_customers", """
                CREATE TABLE customers (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    email text NOT NULL,
                    full_name text NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    updated_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE UNIQUE INDEX customers_email_key ON customers (lower(email));
                """));
        s.add(new Script("create_addresses", """
                CREATE TABLE addresses (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
                    line1 text NOT NULL,
                    line2 text,
                    city text NOT NULL,
                    postal_code text NOT NULL,
                    country_code char(2) NOT NULL,
                    is_default boolean NOT NULL DEFAULT false
                );
                CREATE INDEX addresses_customer_idx ON addresses (customer_id);
                """));
        s.add(new Script("create_categories", """
                CREATE TABLE categories (
                    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    parent_id integer REFERENCES categories (id),
                    slug text NOT NULL UNIQUE,
                    title text NOT NULL
                );
                """));
        s.add(new Script("create_products", """
                CREATE TABLE products (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    sku text NOT NULL UNIQUE,
                    title text NOT NULL,
                    price_cents integer NOT NULL CHECK (price_cents >= 0),
                    currency char(3) NOT NULL DEFAULT 'EUR',
                    active boolean,
                    created_at timestamptz NOT NULL DEFAULT now()
                );
                """));
        s.add(new Script("create_product_categories", """
                CREATE TABLE product_categories (
                    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
                    category_id integer NOT NULL REFERENCES categories (id),
                    PRIMARY KEY (product_id, category_id)
                );
                CREATE INDEX product_categories_category_idx ON product_categories (category_id);
                """));
        s.add(new Script("create_order_statuses", """
                CREATE TABLE order_statuses (code text PRIMARY KEY, title text NOT NULL, final boolean NOT NULL);
                INSERT INTO order_statuses (code, title, final) VALUES
                    ('new', 'New', false), ('paid', 'Paid', false), ('shipped', 'Shipped', false),
                    ('delivered', 'Delivered', true), ('cancelled', 'Cancelled', true);
                """));
        s.add(new Script("create_orders", """
                CREATE TABLE orders (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    customer_id bigint NOT NULL REFERENCES customers (id),
                    status text NOT NULL DEFAULT 'new' REFERENCES order_statuses (code),
                    total_cents bigint NOT NULL DEFAULT 0,
                    placed_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX orders_customer_placed_idx ON orders (customer_id, placed_at DESC);
                """));
        s.add(new Script("create_order_items", """
                CREATE TABLE order_items (
                    order_id bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
                    line_no integer NOT NULL,
                    product_id bigint NOT NULL REFERENCES products (id),
                    quantity integer NOT NULL CHECK (quantity > 0),
                    unit_price_cents integer NOT NULL,
                    PRIMARY KEY (order_id, line_no)
                );
                CREATE INDEX order_items_product_idx ON order_items (product_id);
                """));
        s.add(new Script("create_payments", """
                CREATE TABLE payments (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    order_id bigint NOT NULL REFERENCES orders (id),
                    provider text NOT NULL,
                    provider_ref text NOT NULL,
                    amount_cents bigint NOT NULL,
                    captured_at timestamptz,
                    UNIQUE (provider, provider_ref)
                );
                CREATE INDEX payments_order_idx ON payments (order_id);
                """));
        s.add(new Script("create_shipments", """
                CREATE TABLE shipments (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    order_id bigint NOT NULL REFERENCES orders (id),
                    address_id bigint NOT NULL REFERENCES addresses (id),
                    carrier text NOT NULL,
                    tracking_code text,
                    shipped_at timestamptz,
                    delivered_at timestamptz
                );
                CREATE INDEX shipments_order_idx ON shipments (order_id);
                """));
        s.add(new Script("create_warehouses", """
                CREATE TABLE warehouses (
                    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    code text NOT NULL UNIQUE,
                    city text NOT NULL
                );
                INSERT INTO warehouses (code, city) VALUES ('ams1', 'Amsterdam'), ('fra1', 'Frankfurt'),
                    ('waw1', 'Warsaw');
                """));
        s.add(new Script("create_inventory", """
                CREATE TABLE inventory (
                    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
                    warehouse_id integer NOT NULL REFERENCES warehouses (id),
                    on_hand integer NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
                    reserved integer NOT NULL DEFAULT 0,
                    PRIMARY KEY (product_id, warehouse_id)
                );
                """));
        s.add(new Script("seed_categories", """
                INSERT INTO categories (slug, title)
                SELECT 'category-' || g, 'Category ' || g FROM generate_series(1, 40) AS g;
                UPDATE categories SET parent_id = (id - 1) / 8 + 1 WHERE id > 8;
                """));
        s.add(new Script("seed_products", """
                INSERT INTO products (sku, title, price_cents, active)
                SELECT 'SKU-' || lpad(g::text, 6, '0'), 'Product ' || g, (g * 37) % 10000, CASE WHEN g % 10 = 0 THEN NULL ELSE true END
                FROM generate_series(1, 2000) AS g;
                INSERT INTO product_categories (product_id, category_id)
                SELECT p.id, (p.id % 40) + 1 FROM products p;
                """));
        s.add(new Script("backfill_products_active", """
                UPDATE products SET active = true WHERE active IS NULL;
                ALTER TABLE products ALTER COLUMN active SET DEFAULT true;
                ALTER TABLE products ALTER COLUMN active SET NOT NULL;
                """));
        s.add(new Script("customers_phone", "ALTER TABLE customers ADD COLUMN phone text;\n"));
        s.add(new Script("orders_open_status_idx", """
                CREATE INDEX orders_open_idx ON orders (placed_at) WHERE status NOT IN ('delivered', 'cancelled');
                """));
        s.add(new Script("create_coupons", """
                CREATE TABLE coupons (
                    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    code text NOT NULL UNIQUE,
                    percent_off integer CHECK (percent_off BETWEEN 1 AND 100),
                    valid_from date NOT NULL,
                    valid_until date,
                    CHECK (valid_until IS NULL OR valid_until >= valid_from)
                );
                """));
        s.add(new Script("orders_coupon", """
                ALTER TABLE orders ADD COLUMN coupon_id integer REFERENCES coupons (id);
                CREATE INDEX orders_coupon_idx ON orders (coupon_id) WHERE coupon_id IS NOT NULL;
                """));
        s.add(new Script("create_audit_log", """
                CREATE TABLE audit_log (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    actor text NOT NULL,
                    action text NOT NULL,
                    entity text NOT NULL,
                    entity_id bigint,
                    details jsonb NOT NULL DEFAULT '{}'::jsonb,
                    at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
                CREATE INDEX audit_log_details_idx ON audit_log USING gin (details);
                """));
        s.add(new Script("updated_at_trigger", """
                CREATE FUNCTION set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.updated_at := now();
                    RETURN NEW;
                END;
                $$;
                CREATE TRIGGER customers_updated_at BEFORE UPDATE ON customers
                    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
                """));
        s.add(new Script("order_totals_view", """
                CREATE VIEW order_totals AS
                SELECT o.id AS order_id, o.customer_id, sum(i.quantity * i.unit_price_cents) AS items_cents
                FROM orders o JOIN order_items i ON i.order_id = o.id
                GROUP BY o.id, o.customer_id;
                """));
        s.add(new Script("products_description", """
                ALTER TABLE products ADD COLUMN description text;
                ALTER TABLE products ADD COLUMN weight_grams integer;
                """));
        s.add(new Script("create_suppliers", """
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
                """));
        s.add(new Script("create_purchase_orders", """
                CREATE TABLE purchase_orders (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    supplier_id integer NOT NULL REFERENCES suppliers (id),
                    warehouse_id integer NOT NULL REFERENCES warehouses (id),
                    ordered_at timestamptz NOT NULL DEFAULT now(),
                    received_at timestamptz
                );
                CREATE INDEX purchase_orders_supplier_idx ON purchase_orders (supplier_id);
                """));
        s.add(new Script("create_reviews", """
                CREATE TABLE reviews (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
                    customer_id bigint NOT NULL REFERENCES customers (id),
                    rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
                    body text,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    UNIQUE (product_id, customer_id)
                );
                """));
        s.add(new Script("create_carts", """
                CREATE TABLE carts (
                    id uuid PRIMARY KEY,
                    customer_id bigint REFERENCES customers (id),
                    created_at timestamptz NOT NULL DEFAULT now(),
                    expires_at timestamptz NOT NULL
                );
                CREATE TABLE cart_items (
                    cart_id uuid NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
                    product_id bigint NOT NULL REFERENCES products (id),
                    quantity integer NOT NULL CHECK (quantity > 0),
                    PRIMARY KEY (cart_id, product_id)
                );
                CREATE INDEX carts_expires_idx ON carts (expires_at);
                """));
        s.add(new Script("create_staff_users", """
                CREATE TABLE staff_users (
                    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    login text NOT NULL UNIQUE,
                    display_name text NOT NULL,
                    disabled boolean NOT NULL DEFAULT false
                );
                """));
        s.add(new Script("create_roles", """
                CREATE TABLE roles (code text PRIMARY KEY, title text NOT NULL);
                CREATE TABLE staff_roles (
                    staff_id integer NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
                    role_code text NOT NULL REFERENCES roles (code),
                    PRIMARY KEY (staff_id, role_code)
                );
                INSERT INTO roles (code, title) VALUES ('admin', 'Administrator'), ('support', 'Support'),
                    ('warehouse', 'Warehouse'), ('finance', 'Finance');
                """));
        s.add(new Script("create_permissions", """
                CREATE TABLE permissions (code text PRIMARY KEY);
                CREATE TABLE role_permissions (
                    role_code text NOT NULL REFERENCES roles (code) ON DELETE CASCADE,
                    permission_code text NOT NULL REFERENCES permissions (code),
                    PRIMARY KEY (role_code, permission_code)
                );
                INSERT INTO permissions (code) VALUES ('orders.read'), ('orders.write'), ('refunds.create'),
                    ('inventory.adjust'), ('customers.read'), ('customers.write');
                INSERT INTO role_permissions SELECT 'admin', code FROM permissions;
                INSERT INTO role_permissions VALUES ('support', 'orders.read'), ('support', 'customers.read'),
                    ('warehouse', 'inventory.adjust'), ('finance', 'refunds.create');
                """));
        s.add(new Script("create_countries", """
                CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL, eu boolean NOT NULL DEFAULT false);
                INSERT INTO countries (code, name, eu) VALUES ('NL', 'Netherlands', true), ('DE', 'Germany', true),
                    ('PL', 'Poland', true), ('FR', 'France', true), ('BE', 'Belgium', true), ('GB', 'United Kingdom', false),
                    ('US', 'United States', false), ('CH', 'Switzerland', false), ('AT', 'Austria', true),
                    ('ES', 'Spain', true), ('IT', 'Italy', true), ('SE', 'Sweden', true);
                """));
        s.add(new Script("addresses_country_fk", """
                ALTER TABLE addresses ADD CONSTRAINT addresses_country_fk FOREIGN KEY (country_code)
                    REFERENCES countries (code) NOT VALID;
                ALTER TABLE addresses VALIDATE CONSTRAINT addresses_country_fk;
                """));
        s.add(new Script("create_tax_rates", """
                CREATE TABLE tax_rates (
                    country_code char(2) NOT NULL REFERENCES countries (code),
                    valid_from date NOT NULL,
                    rate numeric(5, 2) NOT NULL,
                    PRIMARY KEY (country_code, valid_from)
                );
                INSERT INTO tax_rates SELECT code, DATE '2020-01-01', CASE WHEN eu THEN 21.00 ELSE 0 END FROM countries;
                """));
        s.add(new Script("create_refunds", """
                CREATE TABLE refunds (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    payment_id bigint NOT NULL REFERENCES payments (id),
                    amount_cents bigint NOT NULL CHECK (amount_cents > 0),
                    reason text,
                    created_by integer REFERENCES staff_users (id),
                    created_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX refunds_payment_idx ON refunds (payment_id);
                """));
        s.add(new Script("create_returns", """
                CREATE TABLE returns (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    order_id bigint NOT NULL REFERENCES orders (id),
                    line_no integer NOT NULL,
                    quantity integer NOT NULL,
                    received_at timestamptz,
                    FOREIGN KEY (order_id, line_no) REFERENCES order_items (order_id, line_no)
                );
                """));
        s.add(new Script("create_invoices", """
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
                """));
        s.add(new Script("create_plans", """
                CREATE TABLE plans (code text PRIMARY KEY, monthly_cents integer NOT NULL, active boolean NOT NULL DEFAULT true);
                INSERT INTO plans VALUES ('basic', 900, true), ('plus', 1900, true), ('pro', 4900, true), ('legacy', 500, false);
                """));
        s.add(new Script("create_subscriptions", """
                CREATE TABLE subscriptions (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    customer_id bigint NOT NULL REFERENCES customers (id),
                    plan_code text NOT NULL REFERENCES plans (code),
                    started_at timestamptz NOT NULL DEFAULT now(),
                    cancelled_at timestamptz
                );
                CREATE UNIQUE INDEX subscriptions_one_active_idx ON subscriptions (customer_id) WHERE cancelled_at IS NULL;
                """));
        s.add(new Script("create_webhooks", """
                CREATE TABLE webhooks (
                    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    url text NOT NULL,
                    secret text NOT NULL,
                    events text[] NOT NULL DEFAULT '{}'
                );
                CREATE TABLE webhook_deliveries (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    webhook_id integer NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
                    payload jsonb NOT NULL,
                    status_code integer,
                    attempted_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, attempted_at DESC);
                """));
        s.add(new Script("create_api_keys", """
                CREATE TABLE api_keys (
                    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    staff_id integer NOT NULL REFERENCES staff_users (id),
                    key_hash bytea NOT NULL UNIQUE,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    revoked_at timestamptz
                );
                """));
        s.add(new Script("create_feature_flags", """
                CREATE TABLE feature_flags (name text PRIMARY KEY, enabled boolean NOT NULL DEFAULT false, rollout_percent integer NOT NULL DEFAULT 0);
                INSERT INTO feature_flags (name, enabled, rollout_percent) VALUES ('new_checkout', false, 0),
                    ('fast_search', true, 100), ('gift_cards', false, 10);
                """));
        s.add(new Script("create_settings", """
                CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now());
                INSERT INTO settings (key, value) VALUES ('currency.default', 'EUR'), ('orders.max_items', '100'),
                    ('support.email', 'support@example.invalid');
                """));
        s.add(new Script("create_email_templates", """
                CREATE TABLE email_templates (code text PRIMARY KEY, subject text NOT NULL, body text NOT NULL);
                INSERT INTO email_templates VALUES
                    ('order_placed', 'Thank you for your order', 'Hello {{name}}, we received order {{order}}.'),
                    ('order_shipped', 'Your order is on its way', 'Tracking code: {{tracking}}.'),
                    ('password_reset', 'Reset your password', 'Use this link: {{link}}.');
                """));
        s.add(new Script("create_notifications", """
                CREATE TABLE notifications (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
                    template_code text NOT NULL REFERENCES email_templates (code),
                    sent_at timestamptz,
                    created_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX notifications_unsent_idx ON notifications (created_at) WHERE sent_at IS NULL;
                """));
        s.add(new Script("create_tags", """
                CREATE TABLE tags (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, label text NOT NULL UNIQUE);
                CREATE TABLE product_tags (
                    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
                    tag_id integer NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
                    PRIMARY KEY (product_id, tag_id)
                );
                """));
        s.add(new Script("seed_tags", """
                INSERT INTO tags (label) SELECT 'tag-' || g FROM generate_series(1, 50) AS g;
                INSERT INTO product_tags (product_id, tag_id) SELECT p.id, (p.id % 50) + 1 FROM products p WHERE p.id % 3 = 0;
                """));
        s.add(new Script("customers_marketing_opt_in", """
                ALTER TABLE customers ADD COLUMN marketing_opt_in boolean NOT NULL DEFAULT false;
                """));
        s.add(new Script("orders_currency", """
                ALTER TABLE orders ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR';
                ALTER TABLE orders ADD CONSTRAINT orders_total_nonnegative CHECK (total_cents >= 0) NOT VALID;
                ALTER TABLE orders VALIDATE CONSTRAINT orders_total_nonnegative;
                """));
        s.add(new Script("products_search_idx", """
                CREATE INDEX products_title_lower_idx ON products (lower(title) text_pattern_ops);
                """));
        s.add(new Script("seed_inventory", """
                INSERT INTO inventory (product_id, warehouse_id, on_hand)
                SELECT p.id, w.id, (p.id * w.id) % 250 FROM products p CROSS JOIN warehouses w;
                """));
        s.add(new Script("inventory_low_stock_view", """
                CREATE VIEW low_stock AS
                SELECT i.product_id, p.sku, sum(i.on_hand - i.reserved) AS available
                FROM inventory i JOIN products p ON p.id = i.product_id
                GROUP BY i.product_id, p.sku
                HAVING sum(i.on_hand - i.reserved) < 20;
                """));
        s.add(new Script("products_weight_backfill", """
                UPDATE products SET weight_grams = 100 + (id % 50) * 20 WHERE weight_grams IS NULL;
                """));
        s.add(new Script("create_price_history", """
                CREATE TABLE price_history (
                    product_id bigint NOT NULL REFERENCES products (id) ON DELETE CASCADE,
                    valid_from timestamptz NOT NULL,
                    price_cents integer NOT NULL,
                    PRIMARY KEY (product_id, valid_from)
                );
                INSERT INTO price_history SELECT id, created_at, price_cents FROM products;
                """));
        s.add(new Script("shipments_tracking_idx", """
                CREATE UNIQUE INDEX shipments_tracking_idx ON shipments (carrier, tracking_code) WHERE tracking_code IS NOT NULL;
                """));
        s.add(new Script("create_sessions", """
                CREATE TABLE customer_sessions (
                    token_hash bytea PRIMARY KEY,
                    customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    last_seen_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX customer_sessions_customer_idx ON customer_sessions (customer_id);
                """));
        s.add(new Script("rename_orders_total", """
                ALTER TABLE orders RENAME COLUMN total_cents TO total_amount_cents;
                CREATE OR REPLACE VIEW order_totals AS
                SELECT o.id AS order_id, o.customer_id, sum(i.quantity * i.unit_price_cents) AS items_cents
                FROM orders o JOIN order_items i ON i.order_id = o.id
                GROUP BY o.id, o.customer_id;
                """));
        s.add(new Script("audit_trigger", """
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
                """));
        s.add(new Script("create_gift_cards", """
                CREATE TABLE gift_cards (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    code_hash bytea NOT NULL UNIQUE,
                    balance_cents bigint NOT NULL CHECK (balance_cents >= 0),
                    expires_on date
                );
                """));
        s.add(new Script("retire_legacy_plan", """
                UPDATE plans SET active = false WHERE code = 'legacy';
                UPDATE feature_flags SET enabled = true, rollout_percent = 25 WHERE name = 'gift_cards';
                """));
        s.add(new Script("comments", """
                COMMENT ON TABLE orders IS 'One order per checkout; status changes are audited.';
                COMMENT ON TABLE inventory IS 'Stock per product and warehouse.';
                COMMENT ON COLUMN orders.total_amount_cents IS 'Sum of the items, after coupons, in the order currency.';
                """));
        s.add(new Script("drop_customers_phone", "ALTER TABLE customers DROP COLUMN phone;\n"));
        s.add(new Script("create_customer_phones", """
                CREATE TABLE customer_phones (
                    customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
                    kind text NOT NULL CHECK (kind IN ('mobile', 'home', 'work')),
                    number text NOT NULL,
                    PRIMARY KEY (customer_id, kind)
                );
                """));
        s.add(new Script("daily_sales_matview", """
                CREATE MATERIALIZED VIEW daily_sales AS
                SELECT date_trunc('day', placed_at) AS day, count(*) AS orders, sum(total_amount_cents) AS total_cents
                FROM orders GROUP BY 1;
                CREATE UNIQUE INDEX daily_sales_day_idx ON daily_sales (day);
                """));
        s.add(new Script("analyze_seeded", "ANALYZE products;\nANALYZE inventory;\n"));
        return s;
    }

    private static Path directory(Path root, String name) {
        try {
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path dir, String file, String sql) {
        try {
            Files.writeString(dir.resolve(file), sql, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
