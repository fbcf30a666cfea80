CREATE UNIQUE INDEX shipments_tracking_idx ON shipments (carrier, tracking_code) WHERE tracking_code IS NOT NULL;
