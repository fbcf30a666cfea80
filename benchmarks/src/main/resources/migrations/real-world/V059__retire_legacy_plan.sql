UPDATE plans SET active = false WHERE code = 'legacy';
UPDATE feature_flags SET enabled = true, rollout_percent = 25 WHERE name = 'gift_cards';
