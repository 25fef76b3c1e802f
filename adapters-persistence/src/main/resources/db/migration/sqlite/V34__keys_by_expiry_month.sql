-- The keys that can be expired, by business, expiry month (30 days: expires_at_second / 2592000) and creation newest
-- first (session 37; the same index as PostgreSQL's V37), in place of license_keys_by_expiry. Every month before the read's
-- is wholly expired and every later one not at all, so a page of expired keys merges each month's newest, read here in
-- the page's order, where the walk newest first passed over every key not yet expired: 98,000 of them for a business
-- whose every key expires and whose older half has. The expired keys are still found here by expiry (month by month), so
-- license_keys_by_expiry has no reader left and goes: one entry for each enabled key with an expiry, as before, moved
-- when its expiry changes, dropped while it is disabled.
CREATE INDEX license_keys_by_expiry_month ON license_keys (business_id, expires_at_second / 2592000, created_at DESC, id DESC)
    WHERE expires_at_second IS NOT NULL AND disabled_at IS NULL;
DROP INDEX license_keys_by_expiry;
