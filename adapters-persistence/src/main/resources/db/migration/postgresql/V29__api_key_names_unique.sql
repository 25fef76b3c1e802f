-- Two unrevoked API keys of one business may not share a name, whatever its case, so that a history naming
-- API key “billing” names one key. The engine writes each name's folded form (its own lower case, which is not the
-- database's: ASCII only on SQLite, the locale's on PostgreSQL) in name_key, and this index holds it unique among a
-- business's unrevoked keys; a revoked key's name is free again. Keys named before have no name_key and stay as they
-- are, duplicates included, so no merchant's key changes its name under it: the engine refuses a new or changed name
-- that one of them holds, and an old key enters the index when it is renamed.
ALTER TABLE api_keys ADD COLUMN name_key TEXT;
CREATE UNIQUE INDEX api_keys_live_name_unique ON api_keys (business_id, name_key)
    WHERE revoked_at IS NULL AND name_key IS NOT NULL;
