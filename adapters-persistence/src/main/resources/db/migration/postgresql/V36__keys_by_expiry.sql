-- The keys that can be expired, by their expiry (session 34; the same index as SQLite's V33), for the list of expired
-- keys: when every key of a business has an expiry and few have passed it, walking license_keys_expiring_newest newest
-- first read every key for those few. The list first counts the expired keys here up to a cap; below it, it reads them
-- here and sorts them by creation, otherwise it walks as before. A disabled key is never listed as expired, so it has
-- no entry. One entry for each key issued with an expiry, moved when its expiry changes, dropped while it is disabled.
CREATE INDEX license_keys_by_expiry ON license_keys (business_id, expires_at_second, expires_at_nano)
    WHERE expires_at_second IS NOT NULL AND disabled_at IS NULL;
