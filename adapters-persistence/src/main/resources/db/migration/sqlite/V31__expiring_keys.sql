-- The keys that have an expiry, newest first (session 33; the same index as PostgreSQL's V34), for the list of
-- expired keys: no index can hold "expired at the instant of the read", so that list walks the keys newest first until
-- its page is full; through this index it walks only the keys that can expire, where it walked every key of the
-- business (all of them when none is expired). One entry more for each key issued with an expiry, none for a key
-- without one.
CREATE INDEX license_keys_expiring_newest ON license_keys (business_id, created_at DESC, id DESC)
    WHERE expires_at_second IS NOT NULL;
