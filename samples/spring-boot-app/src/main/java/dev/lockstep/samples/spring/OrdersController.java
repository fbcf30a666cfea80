package dev.lockstep.samples.spring;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Customers, products and orders over the schema the migrations build. */
@RestController
class OrdersController {
    private final JdbcClient jdbc;

    OrdersController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Customer(long id, String email, String name) {}

    record NewCustomer(String email, String name) {}

    record Product(long id, String sku, String name, long priceCents) {}

    record Line(long productId, int quantity) {}

    record NewOrder(long customerId, List<Line> lines) {}

    record OrderLine(int line, long productId, int quantity, long unitPriceCents) {}

    record Order(long id, long customerId, String status, List<OrderLine> lines, long totalCents) {}

    @GetMapping("/customers")
    List<Customer> customers() {
        return jdbc.sql("SELECT id, email, name FROM customers ORDER BY id").query(Customer.class).list();
    }

    @PostMapping("/customers")
    @ResponseStatus(HttpStatus.CREATED)
    Customer addCustomer(@RequestBody NewCustomer customer) {
        return jdbc.sql("INSERT INTO customers (email, name) VALUES (?, ?) RETURNING id, email, name")
                .params(customer.email(), customer.name()).query(Customer.class).single();
    }

    @GetMapping("/products")
    List<Product> products() {
        return jdbc.sql("SELECT id, sku, name, price_cents FROM products ORDER BY id").query(Product.class).list();
    }

    @PostMapping("/orders")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Order placeOrder(@RequestBody NewOrder order) {
        long id = jdbc.sql("INSERT INTO orders (customer_id) VALUES (?) RETURNING id").param(order.customerId())
                .query(Long.class).single();
        int line = 0;
        for (Line item : order.lines()) {
            int added = jdbc.sql("INSERT INTO order_lines (order_id, line, product_id, quantity, unit_price_cents)"
                    + " SELECT ?, ?, id, ?, price_cents FROM products WHERE id = ?")
                    .params(id, ++line, item.quantity(), item.productId()).update();
            if (added == 0) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "no product " + item.productId());
            }
        }
        return order(id);
    }

    @GetMapping("/orders/{id}")
    Order order(@PathVariable long id) {
        List<OrderLine> lines = jdbc.sql("SELECT line, product_id, quantity, unit_price_cents FROM order_lines"
                + " WHERE order_id = ? ORDER BY line").param(id).query(OrderLine.class).list();
        return jdbc.sql("SELECT id, customer_id, status FROM orders WHERE id = ?").param(id)
                .query((row, n) -> new Order(row.getLong(1), row.getLong(2), row.getString(3), lines,
                        lines.stream().mapToLong(l -> l.quantity() * l.unitPriceCents()).sum()))
                .optional().orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no order " + id));
    }
}
