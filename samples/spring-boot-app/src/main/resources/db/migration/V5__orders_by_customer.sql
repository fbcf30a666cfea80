-- Built without blocking writes to orders. CONCURRENTLY cannot run in a transaction: Flyway runs this file outside
-- one, and Lockstep's session-level lock keeps replicas that start together from deadlocking with it.
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_by_customer ON orders (customer_id, placed_at);
