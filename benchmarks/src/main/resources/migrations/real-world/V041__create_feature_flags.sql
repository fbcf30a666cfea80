CREATE TABLE feature_flags (name text PRIMARY KEY, enabled boolean NOT NULL DEFAULT false, rollout_percent integer NOT NULL DEFAULT 0);
INSERT INTO feature_flags (name, enabled, rollout_percent) VALUES ('new_checkout', false, 0),
    ('fast_search', true, 100), ('gift_cards', false, 10);
