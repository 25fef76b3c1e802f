-- Ids are ordered and compared character by character (byte order, as Java's String.compareTo and SQLite do), not as
-- the words of a language. A database created under a linguistic locale (en_US.UTF-8, the official image's default)
-- put 'a' before 'Z': ties in created_at were broken differently from the other stores, a pool handed out the keys of
-- one import in another order than the file's, and the webhook list's id cursor skipped and repeated endpoints
-- against the engine's order. Each column below is ordered or compared by range in some query; its indexes are rebuilt.
-- A new table's id column is declared TEXT COLLATE "C" for the same reason.
ALTER TABLE businesses ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE customers ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE entitlements ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE grants ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE license_keys ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE license_key_instances ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE api_keys ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE outbox ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE webhook_endpoints ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE webhook_deliveries ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE webhook_deliveries ALTER COLUMN business_id TYPE TEXT COLLATE "C";
ALTER TABLE key_pools ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE pooled_keys ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE operators ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE audit_entries ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE delivery_resends ALTER COLUMN outbox_message_id TYPE TEXT COLLATE "C";
