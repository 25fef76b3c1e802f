-- Every column that holds an id compares as the ids it names: character by character (V22 made the ids so). A reference
-- left under the database's own collation met its id under two collations; PostgreSQL compared them as "C", which an
-- index on the reference cannot serve, so a join into the reference's index read the whole table instead (V31 fixed
-- one such join, a key's instances). The business_id columns are compared with each other (a key's grant) and with
-- businesses.id. One ALTER per table, so each index of a table is rebuilt once; no table is rewritten.
ALTER TABLE api_keys ALTER COLUMN business_id TYPE TEXT COLLATE "C";
ALTER TABLE audit_entries ALTER COLUMN business_id TYPE TEXT COLLATE "C",
    -- a grant's, a delivery's, an operator's id
    ALTER COLUMN subject TYPE TEXT COLLATE "C";
ALTER TABLE businesses ALTER COLUMN default_brand_id TYPE TEXT COLLATE "C";
ALTER TABLE customers ALTER COLUMN business_id TYPE TEXT COLLATE "C";
ALTER TABLE delivery_resends ALTER COLUMN business_id TYPE TEXT COLLATE "C", ALTER COLUMN grant_id TYPE TEXT COLLATE "C";
ALTER TABLE entitlements ALTER COLUMN business_id TYPE TEXT COLLATE "C";
ALTER TABLE grants ALTER COLUMN business_id TYPE TEXT COLLATE "C", ALTER COLUMN brand_id TYPE TEXT COLLATE "C",
    ALTER COLUMN customer_id TYPE TEXT COLLATE "C", ALTER COLUMN entitlement_id TYPE TEXT COLLATE "C",
    ALTER COLUMN payment_id TYPE TEXT COLLATE "C", ALTER COLUMN subscription_id TYPE TEXT COLLATE "C",
    ALTER COLUMN license_key_id TYPE TEXT COLLATE "C";
ALTER TABLE idempotency_records ALTER COLUMN business_id TYPE TEXT COLLATE "C";
ALTER TABLE key_pools ALTER COLUMN business_id TYPE TEXT COLLATE "C", ALTER COLUMN entitlement_id TYPE TEXT COLLATE "C";
ALTER TABLE license_key_past_values ALTER COLUMN license_key_id TYPE TEXT COLLATE "C",
    ALTER COLUMN business_id TYPE TEXT COLLATE "C";
ALTER TABLE license_keys ALTER COLUMN business_id TYPE TEXT COLLATE "C", ALTER COLUMN grant_id TYPE TEXT COLLATE "C",
    ALTER COLUMN customer_id TYPE TEXT COLLATE "C", ALTER COLUMN entitlement_id TYPE TEXT COLLATE "C";
ALTER TABLE operators ALTER COLUMN business_id TYPE TEXT COLLATE "C";
ALTER TABLE outbox ALTER COLUMN business_id TYPE TEXT COLLATE "C";
ALTER TABLE pooled_keys ALTER COLUMN pool_id TYPE TEXT COLLATE "C", ALTER COLUMN business_id TYPE TEXT COLLATE "C",
    ALTER COLUMN entitlement_id TYPE TEXT COLLATE "C", ALTER COLUMN grant_id TYPE TEXT COLLATE "C";
ALTER TABLE portal_sign_in_codes ALTER COLUMN business_id TYPE TEXT COLLATE "C";
ALTER TABLE portal_sign_in_links ALTER COLUMN business_id TYPE TEXT COLLATE "C",
    ALTER COLUMN customer_id TYPE TEXT COLLATE "C";
ALTER TABLE resend_windows ALTER COLUMN grant_id TYPE TEXT COLLATE "C", ALTER COLUMN business_id TYPE TEXT COLLATE "C";
ALTER TABLE signing_keys ALTER COLUMN kid TYPE TEXT COLLATE "C", ALTER COLUMN business_id TYPE TEXT COLLATE "C";
-- an operator's or a customer's id
ALTER TABLE web_login_links ALTER COLUMN business_id TYPE TEXT COLLATE "C", ALTER COLUMN subject TYPE TEXT COLLATE "C";
ALTER TABLE web_sessions ALTER COLUMN business_id TYPE TEXT COLLATE "C", ALTER COLUMN subject TYPE TEXT COLLATE "C";
ALTER TABLE webhook_deliveries ALTER COLUMN endpoint_id TYPE TEXT COLLATE "C", ALTER COLUMN event_id TYPE TEXT COLLATE "C";
ALTER TABLE webhook_endpoints ALTER COLUMN business_id TYPE TEXT COLLATE "C";

-- A license key's instance names its key's business, written with the instance (its key's, which never changes), so a
-- business's instances are listed newest first from their own index without passing over other businesses'. The index
-- takes the place of license_key_instances_newest, whose only read (that list) it serves: an activation writes as many
-- index entries as before.
ALTER TABLE license_key_instances ADD COLUMN business_id TEXT COLLATE "C";
UPDATE license_key_instances i SET business_id = k.business_id FROM license_keys k WHERE k.id = i.license_key_id;
ALTER TABLE license_key_instances ALTER COLUMN business_id SET NOT NULL;
CREATE INDEX license_key_instances_by_business_newest ON license_key_instances (business_id, created_at DESC, id DESC);
DROP INDEX license_key_instances_newest;
