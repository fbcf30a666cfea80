-- Built without blocking writes to orders. CONCURRENTLY cannot run in a transaction: Flyway sees it and runs
-- this file outside one, and Lockstep's session-level lock keeps other replicas from deadlocking with it.
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_by_customer ON orders (customer_id, placed_at);
