package dev.lockstep.quarkus.deployment.orders;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.math.BigDecimal;

/** Table {@code purchase} of datasource "orders" (db/orders), in persistence unit "orders". */
@Entity
public class Purchase {
    @Id
    public Long id;

    public BigDecimal amount;
}
