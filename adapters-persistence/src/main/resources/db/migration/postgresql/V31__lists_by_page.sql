-- Lists that read a page, not a business's rows (session 32).
-- An entitlement's grants of one status, newest first, and read backward the queue a pool serves (its Pending
-- grants, oldest first). It takes the place of grants_pending_oldest and grants_by_entitlement, whose reads it
-- serves, so a new grant writes one index entry fewer and a fulfillment as many as before.
CREATE INDEX grants_by_entitlement_status_newest ON grants (entitlement_id, status, created_at DESC, id DESC);
DROP INDEX grants_pending_oldest;
DROP INDEX grants_by_entitlement;
-- a customer's license keys, newest first: one entry more for each key issued
CREATE INDEX license_keys_by_customer_newest ON license_keys (business_id, customer_id, created_at DESC, id DESC);
-- the few keys issued by hand or imported, and the few disabled: no entry for an automatic key's issue
CREATE INDEX license_keys_not_auto_newest ON license_keys (business_id, source, created_at DESC, id DESC)
    WHERE source <> 'auto';
CREATE INDEX license_keys_disabled_newest ON license_keys (business_id, created_at DESC, id DESC)
    WHERE disabled_at IS NOT NULL;
-- A key's instances are joined to the key by its id, which V22 compares character by character: a reference compared
-- under the database's own collation could not use the instances' index for that join, and every read of a key with
-- its instances (a license check, a grant's page, each key of a list) read all instances of every business.
ALTER TABLE license_key_instances ALTER COLUMN license_key_id TYPE TEXT COLLATE "C";
