-- instead of: drop-table
-- lockstep:allow drop-table nothing has read legacy_notes since release 1.8
DROP TABLE legacy_notes;
