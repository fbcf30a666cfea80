-- expect: drop-table legacy_notes
DROP TABLE legacy_notes;
