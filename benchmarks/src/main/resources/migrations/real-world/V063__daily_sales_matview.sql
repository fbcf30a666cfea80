CREATE MATERIALIZED VIEW daily_sales AS
SELECT date_trunc('day', placed_at) AS day, count(*) AS orders, sum(total_amount_cents) AS total_cents
FROM orders GROUP BY 1;
CREATE UNIQUE INDEX daily_sales_day_idx ON daily_sales (day);
