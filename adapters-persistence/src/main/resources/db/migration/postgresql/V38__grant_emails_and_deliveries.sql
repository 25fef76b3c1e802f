-- The grant a message or a webhook delivery is about (session 39; the same columns and indexes as SQLite's V35), for the
-- console's grant timeline: the grant's emails (queued, retried, sent, parked) and the deliveries of its events. Written
-- with the row itself, by the insert that writes it already (a fulfillment's outbox rows ride in its one statement), and
-- NULL for a message about no grant (a portal sign-in, a pool's stock) and for every row written before this version:
-- a grant's email and webhook history starts at the upgrade. Adding a nullable column without a default rewrites nothing.
ALTER TABLE outbox ADD COLUMN grant_id TEXT COLLATE "C";
ALTER TABLE webhook_deliveries ADD COLUMN grant_id TEXT COLLATE "C";

-- The timeline reads a grant's emails newest first, a page at a time: per business and grant, creation newest first. Only
-- emails that name a grant are entered (one entry per fulfillment, none for its events or for sign-in emails), so the
-- write path pays one index entry per delivery email, and the purge of sent messages removes them with their rows.
CREATE INDEX outbox_emails_by_grant ON outbox (business_id, grant_id, created_at DESC, id DESC)
    WHERE grant_id IS NOT NULL AND kind = 'EMAIL';

-- The same read of the deliveries of a grant's events (one entry per event and endpoint that wants it).
CREATE INDEX webhook_deliveries_by_grant ON webhook_deliveries (business_id, grant_id, created_at DESC, id DESC)
    WHERE grant_id IS NOT NULL;
