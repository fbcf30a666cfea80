-- instead of: drop-column
-- lockstep:allow drop-column release 2.3 stopped reading and writing customers.phone
ALTER TABLE customers DROP COLUMN phone;
